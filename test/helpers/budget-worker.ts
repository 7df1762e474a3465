// One process of test/core/shared-budget.test.ts: a request budget on the shared state folder, as
// the tray app or `tasktray watch` has one, sending `count` reads to `url` once told to go.
// Usage: node --import tsx budget-worker.ts <stateDir> <url> <count> <limit> <windowMs>
import { once } from 'node:events';
import { FileStateStore } from '../../electron/core/file-state-store';
import { systemClock } from '../../electron/core/ports';
import { RateBudget } from '../../electron/core/rate-budget';

const [dir = '', url = '', count = '0', limit = '0', windowMs = '0'] = process.argv.slice(2);
const window = { limit: Number(limit), windowMs: Number(windowMs) };
const budget = new RateBudget(
  { read: window, write: window, classify: () => 'read', minPollIntervalMs: 0 },
  systemClock,
  {
    store: new FileStateStore(dir),
    accountId: 'acct',
    onWriteError: (key, error) => {
      process.stderr.write(`${key}: ${String(error)}\n`);
      process.exitCode = 1;
    },
  },
);
const budgeted = budget.wrap((input, init) => fetch(input, init), 'Vendor');
await budget.sync();
process.stdout.write('ready\n');
process.stdin.resume();
await once(process.stdin, 'end');
const statuses = await Promise.all(
  Array.from({ length: Number(count) }, () => budgeted(url).then((response) => response.status)),
);
await budget.flush();
process.stdout.write(`${JSON.stringify(statuses)}\n`);
