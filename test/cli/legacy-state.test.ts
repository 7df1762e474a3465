// An outbox queued by an earlier version in `<dir>/state.json` (one file for all state) is carried
// over once into the folder store, sent, and the old file moved out of the way; a damaged one is
// kept aside and reported, never dropped.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/program';
import { FileStateStore } from '../../electron/core/file-state-store';
import { importLegacyOutbox } from '../../electron/core/legacy-outbox';
import { MemorySecretStore } from '../../electron/core/ports';
import { startSimulator, type RunningSimulator } from '../../electron/simulator/server';
import { createSimTask } from '../../electron/simulator/task-factory';
import type { OutboxItem } from '../../shared/outbox';
import { cliHome, runCliIn, simGeoSecretEnv } from '../helpers/cli';
import { simGeoAccount } from '../helpers/sim-accounts';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim.close();
});

const home = (): string => cliHome({ accounts: [simGeoAccount(sim)] }, 'tasktray-legacy-');

function item(vendorTaskId: string, overrides: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id: `old-${vendorTaskId}`,
    accountId: 'geo',
    taskId: `geo:${vendorTaskId}`,
    vendorTaskId,
    locator: {},
    taskTitle: 'Enviar correo',
    op: {
      type: 'complete',
      request: { resultCode: 'sent', data: { email_address: 'a@b.co' }, comment: null },
    },
    createdAt: Date.now() - 60_000,
    attempts: 1,
    nextAttemptAt: Date.now() - 1_000,
    state: 'pending',
    lastError: null,
    doneAt: null,
    ...overrides,
  };
}

function run(args: string[], dir: string) {
  const stop = new AbortController();
  return runCliIn(args, dir, {
    env: simGeoSecretEnv(),
    // `watch` runs until the imported completion is delivered.
    onErr: (line) => {
      if (line.includes('delivered the queued completion')) stop.abort();
    },
    stop: args[0] === 'watch' ? stop.signal : AbortSignal.abort(),
    keychain: new MemorySecretStore(),
  });
}

const filesLike = (dir: string, prefix: string) =>
  readdirSync(dir).filter((name) => name.startsWith(prefix));

describe('the outbox of an old state.json', () => {
  it('is imported once at first start, then sent; the old file is moved out of the way', async () => {
    const dir = home();
    const task = createSimTask(sim.world, 'geotareas', {
      title: 'Enviar correo',
      results: [{ code: 'sent', label: 'Sent' }],
      fields: [
        {
          name: 'email_address',
          label: 'Email',
          type: 'text',
          required: true,
          value: null,
          options: [],
        },
      ],
    });
    writeFileSync(
      join(dir, 'state.json'),
      JSON.stringify({
        seen: { whatever: 1 },
        outbox: {
          version: 1,
          items: [
            item(task.id),
            item('999', { state: 'done', doneAt: Date.now() }), // landed: not carried over
          ],
        },
      }),
    );
    const watched = await run(['watch', '--no-notify'], dir);
    expect(watched.code).toBe(EXIT.ok);
    expect(watched.err).toMatch(
      /imported 1 waiting completion or reassignment from the old state file .*state\.json; it is kept as .*state\.json\.imported-\d+/,
    );
    expect(watched.err).toContain(
      `delivered the queued completion of “Enviar correo” (geo:${task.id})`,
    );
    expect(
      sim.world.writes.filter((w) => w.kind === 'complete' && w.taskId === task.id),
    ).toHaveLength(1);
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
    expect(filesLike(dir, 'state.json.imported-')).toHaveLength(1);
    expect(readdirSync(join(dir, 'state', 'outbox'))).toEqual([`old-${task.id}.json`]);

    // Once: the next command imports nothing again.
    const again = await run(['list'], dir);
    expect(again.code).toBe(EXIT.ok);
    expect(again.err).not.toContain('imported');
  });

  it('keeps a damaged old file aside, says so, and starts with what the folder has', async () => {
    const dir = home();
    writeFileSync(join(dir, 'state.json'), '{"outbox": {"version": 1, "items": [ {"id": 4');
    const result = await run(['list'], dir);
    expect(result.code).toBe(EXIT.ok);
    expect(result.err).toMatch(
      /the old state file .*state\.json could not be read \(not valid JSON.*\); nothing was imported from it, and it is kept as .*state\.json\.corrupt-\d+/,
    );
    expect(filesLike(dir, 'state.json.corrupt-')).toHaveLength(1);
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
  });

  it('refuses an outbox that is JSON but not an outbox, keeping it aside', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-legacy-'));
    writeFileSync(
      join(dir, 'state.json'),
      JSON.stringify({ outbox: { version: 1, items: [{ id: 7 }] } }),
    );
    const store = new FileStateStore(join(dir, 'state'));
    const result = await importLegacyOutbox(dir, store, 42);
    expect(result).toMatchObject({
      kind: 'unreadable',
      keptAs: join(dir, 'state.json.corrupt-42'),
    });
    expect(await store.list('outbox')).toEqual([]);
    expect(await importLegacyOutbox(dir, store, 43)).toEqual({ kind: 'none' });
  });

  it('leaves an item the folder already has as it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-legacy-'));
    const store = new FileStateStore(join(dir, 'state'));
    const newer = item('5', { attempts: 3, state: 'failed' });
    await store.write('outbox/old-5', newer);
    writeFileSync(
      join(dir, 'state.json'),
      JSON.stringify({
        outbox: { version: 1, items: [item('5'), item('6', { state: 'sending' })] },
      }),
    );
    const result = await importLegacyOutbox(dir, store, 50);
    expect(result).toMatchObject({ kind: 'imported', imported: 1 });
    expect(await store.read('outbox/old-5')).toEqual(newer);
    expect(await store.read('outbox/old-6')).toMatchObject({ state: 'pending' });
  });
});
