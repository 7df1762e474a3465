// The `tasktray` command line: the same engine as the tray app, headless.
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { AccountSchema, SECRET_NAMES, type Account, type SecretName } from '../../shared/account';
import { DEFAULT_ALERT_PREFERENCES, type AlertPreferences } from '../../shared/alert';
import { HEALTH_LABELS, type AccountHealth } from '../../shared/health';
import type { Task } from '../../shared/task';
import type { AdapterDeps } from '../core/adapter';
import { Engine } from '../core/engine';
import { FileStateStore } from '../core/file-state-store';
import { consoleLogger, silentLogger } from '../core/logger';
import {
  MemorySecretStore,
  MemoryStateStore,
  systemClock,
  type SecretStore,
  type StateStore,
} from '../core/ports';
import { systemTimeZone } from '../core/time';
import { isVendorError } from '../core/vendor-error';
import { startDemo, type DemoPace } from '../simulator/demo';
import { KeytarSecretStore } from '../platform/keychain';
import { configDir, loadConfig } from './config';
import { EnvFirstSecretStore } from './env-secrets';
import { UsageError, parseFieldArgs } from './field-values';
import { notifySend, type Notifier } from './notify';
import { openInBrowser } from './open-browser';
import { taskDetail, taskTable } from './output';

/** Exit codes, after sysexits.h where one fits. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  queued: 75,
  config: 78,
} as const;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  readStdin: () => Promise<string>;
  /** Stops `watch` and `demo` (SIGINT/SIGTERM in the real CLI). */
  stopSignal: AbortSignal;
}

class ExitError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

interface Context {
  engine: Engine;
  preferences: AlertPreferences;
  accounts: Account[];
}

async function withEngine<T>(
  io: CliIo,
  verbose: boolean,
  use: (context: Context) => Promise<T>,
  setup?: {
    accounts: Account[];
    secrets: SecretStore;
    store: StateStore;
    preferences: AlertPreferences;
  },
): Promise<T> {
  let accounts: Account[];
  let secrets: SecretStore;
  let store: StateStore;
  let preferences: AlertPreferences;
  if (setup) {
    ({ accounts, secrets, store, preferences } = setup);
  } else {
    const dir = configDir(io.env);
    const config = loadConfig(dir);
    for (const problem of config.problems) io.err(`tasktray: ${problem}`);
    if (config.accounts.length === 0) {
      throw new ExitError(
        EXIT.config,
        config.problems.length > 0
          ? `No usable account in ${config.path}.`
          : `No accounts are configured. Add them to ${config.path} (see the README), or try \`tasktray demo\`.`,
      );
    }
    accounts = config.accounts;
    preferences = config.preferences;
    secrets = new EnvFirstSecretStore(io.env, new KeytarSecretStore());
    // Shared with the tray app and other tasktray processes: see FileStateStore.
    store = new FileStateStore(join(dir, 'state'));
  }
  const deps: AdapterDeps = {
    fetch: (input, init) => fetch(input, init),
    clock: systemClock,
    logger: verbose ? consoleLogger('debug') : silentLogger,
    secrets,
    openExternal: openInBrowser,
  };
  const engine = new Engine({
    deps,
    store,
    preferences: () => preferences,
    timeZone: systemTimeZone(),
  });
  engine.on('problem', (report) =>
    io.err(
      `tasktray: saved state "${report.key}" was unreadable (${report.problem}); kept aside as "${report.keptAs}".`,
    ),
  );
  await engine.setAccounts(accounts);
  try {
    return await use({ engine, preferences, accounts });
  } finally {
    await engine.stop();
  }
}

function describeError(error: unknown): string {
  if (isVendorError(error)) {
    const fields = error.fields.map((f) => `\n  ${f.field}: ${f.message}`).join('');
    const request = error.requestId ? ` (request id ${error.requestId})` : '';
    return `${error.message}${request}${fields}\n${error.hint}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function exitCodeFor(error: unknown): number {
  if (error instanceof ExitError) return error.code;
  if (error instanceof UsageError) return EXIT.usage;
  if (isVendorError(error) && error.kind === 'validation' && error.status === null)
    return EXIT.usage;
  return EXIT.failed;
}

async function watch(io: CliIo, context: Context, notifier: Notifier | null): Promise<void> {
  const { engine } = context;
  const lastState = new Map<string, string>();
  engine.on('alert', (alert) => {
    io.out(JSON.stringify(alert));
    void notifier?.(alert);
  });
  engine.on('health', (health: AccountHealth) => {
    if (lastState.get(health.accountId) === health.state) return;
    lastState.set(health.accountId, health.state);
    if (health.state === 'starting') return;
    const error = health.lastError ? ` — ${health.lastError.message} ${health.lastError.hint}` : '';
    io.err(`tasktray: ${health.accountId}: ${HEALTH_LABELS[health.state]}${error}`);
  });
  engine.start();
  await new Promise<void>((resolve) => {
    if (io.stopSignal.aborted) resolve();
    io.stopSignal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Sends an outbox item now; resolves when it landed, else says why in the CLI's exit codes. */
async function sendNow(engine: Engine, itemId: string): Promise<void> {
  const after = await engine.outbox.sendNow(itemId);
  if (after?.state === 'done') return;
  const error = after?.lastError;
  if (after?.state === 'pending') {
    throw new ExitError(
      EXIT.queued,
      `Not sent yet (${error?.message ?? 'waiting'}); it is kept and \`tasktray watch\` will retry it.`,
    );
  }
  const fields = error?.fields.map((f) => `\n  ${f.field}: ${f.message}`).join('') ?? '';
  throw new ExitError(
    error?.kind === 'validation' ? EXIT.usage : EXIT.failed,
    `${error?.message ?? 'Refused.'}${fields}`,
  );
}

/** Failures that mean the vendor could not be reached, not that it said no. */
const UNREACHABLE = new Set(['network', 'timeout', 'server', 'rate_limited']);

/**
 * The task with its form, read now; when the vendor cannot be reached, the task as last read
 * (its form included), so the completion is checked and kept. Never read: nothing is kept.
 */
async function taskToComplete(io: CliIo, engine: Engine, id: string): Promise<Task> {
  try {
    await engine.findTask(id);
    return await engine.loadTask(id);
  } catch (error) {
    const known = engine.task(id);
    if (!isVendorError(error) || !UNREACHABLE.has(error.kind)) throw error;
    if (!known?.detailLoaded) {
      throw new ExitError(
        EXIT.failed,
        `${error.message}\nNothing was kept: this task's form was never read, so the completion cannot be checked. Try again once the vendor can be reached.`,
      );
    }
    io.err(`tasktray: ${error.message} Checking against the task as last read.`);
    return known;
  }
}

function collectField(value: string, all: string[]): string[] {
  if (value.indexOf('=') <= 0) {
    throw new InvalidArgumentError('expected name=value, e.g. --field email=a@b.co');
  }
  return [...all, value];
}

function sortForPeople(tasks: Task[]): Task[] {
  return [...tasks].sort(
    (a, b) =>
      (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || a.title.localeCompare(b.title),
  );
}

export function buildProgram(io: CliIo): Command {
  const program = new Command('tasktray')
    .description(
      'Watch the workflow tasks you owe in UiPath, Twinit workflowsvc, Maxsight and GeoTareas.',
    )
    .option('-v, --verbose', 'log requests (secrets are redacted) to stderr')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride()
    .showHelpAfterError('(run `tasktray --help` for usage)');
  const verbose = () => Boolean(program.opts<{ verbose?: boolean }>().verbose);

  program
    .command('list')
    .description('list open tasks across all accounts')
    .option('--account <id>', 'only this account')
    .option('--json', 'print the tasks as JSON')
    .action(async (options: { account?: string; json?: boolean }) => {
      await withEngine(io, verbose(), async ({ engine, accounts }) => {
        const chosen = options.account
          ? accounts.filter((a) => a.id === options.account)
          : accounts;
        if (chosen.length === 0)
          throw new UsageError(
            `No account "${options.account}". Accounts: ${accounts.map((a) => a.id).join(', ')}.`,
          );
        const tasks: Task[] = [];
        let failed = 0;
        for (const account of chosen) {
          try {
            tasks.push(...(await engine.adapter(account.id).listOpenTasks()));
          } catch (error) {
            failed += 1;
            io.err(`tasktray: ${account.name}: ${describeError(error)}`);
          }
        }
        io.out(
          options.json
            ? JSON.stringify(sortForPeople(tasks), null, 2)
            : taskTable(sortForPeople(tasks), Date.now()),
        );
        if (failed > 0)
          throw new ExitError(
            EXIT.failed,
            `${failed} account${failed === 1 ? '' : 's'} could not be read.`,
          );
      });
    });

  program
    .command('show')
    .description('show one task with everything its vendor tells')
    .argument('<id>', 'the task id, as `tasktray list` prints it')
    .option('--json', 'print the task as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      await withEngine(io, verbose(), async ({ engine }) => {
        await engine.findTask(id);
        const task = await engine.loadTask(id);
        io.out(options.json ? JSON.stringify(task, null, 2) : taskDetail(task, Date.now()));
      });
    });

  program
    .command('complete')
    .description('complete a task')
    .argument('<id>', 'the task id')
    .option('--result <code>', 'the result code (see `tasktray show <id>`)')
    .option('--field <name=value>', 'a form field; repeat for each', collectField, [])
    .option('--comment <text>', 'a comment for the vendor')
    .action(async (id: string, options: { result?: string; field: string[]; comment?: string }) => {
      await withEngine(io, verbose(), async ({ engine }) => {
        const task = await taskToComplete(io, engine, id);
        const data = parseFieldArgs(options.field, task.completion.fields);
        const item = await engine.complete(id, {
          resultCode: options.result ?? null,
          data,
          comment: options.comment ?? null,
        });
        await sendNow(engine, item.id);
        io.out(`Completed “${task.title}”.`);
      });
    });

  program
    .command('reassign')
    .description('reassign a task to another user or group')
    .argument('<id>', 'the task id')
    .option('--user <id>', 'the vendor’s id of the user to take it')
    .option('--group <id>', 'the vendor’s id of the group to take it')
    .option('--comment <text>', 'a comment for the vendor')
    .action(async (id: string, options: { user?: string; group?: string; comment?: string }) => {
      if ((options.user === undefined) === (options.group === undefined)) {
        throw new UsageError('Give exactly one of --user <id> or --group <id>.');
      }
      await withEngine(io, verbose(), async ({ engine }) => {
        const task = await engine.findTask(id);
        const target =
          options.user !== undefined
            ? { kind: 'user' as const, id: options.user, comment: options.comment ?? null }
            : { kind: 'group' as const, id: options.group ?? '', comment: options.comment ?? null };
        const item = await engine.reassign(id, target);
        await sendNow(engine, item.id);
        io.out(`Reassigned “${task.title}” to ${target.kind} ${target.id}.`);
      });
    });

  program
    .command('watch')
    .description('watch every account and print each alert as one JSON line')
    .option('--no-notify', 'do not send desktop notifications')
    .action(async (options: { notify: boolean }) => {
      await withEngine(io, verbose(), (context) =>
        watch(io, context, options.notify ? notifySend(io.err) : null),
      );
    });

  program
    .command('demo')
    .description('start the vendor simulator with the demo scenario and watch it')
    .option('--no-notify', 'do not send desktop notifications')
    .addOption(
      new Option('--pace <pace>', 'how fast the scenario moves')
        .choices(['normal', 'fast'])
        .default('normal'),
    )
    .action(async (options: { notify: boolean; pace: 'normal' | 'fast' }) => {
      const pace: Partial<DemoPace> =
        options.pace === 'fast'
          ? {
              newTaskEveryMs: 3_000,
              overdueEveryMs: 5_000,
              escalateEveryMs: 7_000,
              completeElsewhereEveryMs: 11_000,
            }
          : {};
      const demo = await startDemo({ pace });
      io.err(`tasktray: demo simulator at ${demo.sim.urls.origin} (Ctrl-C to stop)`);
      const secrets = new MemorySecretStore();
      const accounts: Account[] = [];
      for (const { account, secrets: values } of demo.accounts) {
        const parsed = AccountSchema.parse({
          ...account,
          pollIntervalSec: options.pace === 'fast' ? 5 : account.pollIntervalSec,
        });
        accounts.push(parsed);
        for (const [name, value] of Object.entries(values))
          await secrets.set(parsed.id, name as SecretName, value);
      }
      try {
        await withEngine(
          io,
          verbose(),
          (context) => watch(io, context, options.notify ? notifySend(io.err) : null),
          {
            accounts,
            secrets,
            store: new MemoryStateStore(),
            preferences: DEFAULT_ALERT_PREFERENCES,
          },
        );
      } finally {
        await demo.stop();
      }
    });

  const secret = program
    .command('secret')
    .description('keep an account’s secrets in the system keychain');
  secret
    .command('set')
    .description('store a secret, read from standard input')
    .argument('<account>', 'the account id')
    .addArgument(program.createArgument('<name>', 'which secret').choices(SECRET_NAMES))
    .action(async (accountId: string, name: SecretName) => {
      const value = (await io.readStdin()).replace(/\r?\n$/, '');
      if (value === '')
        throw new UsageError(
          'No secret on standard input. Example: printf %s "$TOKEN" | tasktray secret set acme apiKey',
        );
      await new KeytarSecretStore().set(accountId, name, value);
      io.out(`Stored ${name} for ${accountId} in the keychain.`);
    });
  secret
    .command('delete')
    .description('remove a secret from the keychain')
    .argument('<account>', 'the account id')
    .addArgument(program.createArgument('<name>', 'which secret').choices(SECRET_NAMES))
    .action(async (accountId: string, name: SecretName) => {
      await new KeytarSecretStore().delete(accountId, name);
      io.out(`Removed ${name} for ${accountId}.`);
    });

  program
    .command('signin')
    .description('sign in to an account in the browser (OAuth accounts)')
    .argument('<account>', 'the account id')
    .action(async (accountId: string) => {
      await withEngine(io, verbose(), async ({ engine }) => {
        const user = await engine.adapter(accountId).signIn();
        io.out(`Signed in${user.name ? ` as ${user.name}` : ''}.`);
      });
    });

  program
    .command('accounts')
    .description('list the configured accounts and what is wrong with the config file')
    .action(() => {
      const config = loadConfig(configDir(io.env));
      io.out(`Config: ${config.path}`);
      for (const account of config.accounts)
        io.out(`  ${account.id.padEnd(20)} ${account.vendor.padEnd(12)} ${account.name}`);
      if (config.accounts.length === 0) io.out('  (no accounts)');
      for (const problem of config.problems) io.err(`tasktray: ${problem}`);
      if (config.problems.length > 0)
        throw new ExitError(EXIT.config, 'The config file has problems.');
    });

  return program;
}

/** Runs the CLI; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return EXIT.ok;
      return EXIT.usage;
    }
    io.err(`tasktray: ${describeError(error)}`);
    return exitCodeFor(error);
  }
}
