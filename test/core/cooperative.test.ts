// Engine work in slices (issue 10): the sliced paths give exactly what the plain ones give.
import { mkdtempSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  forEachPaced,
  mapPaced,
  pace,
  SLICE_MS,
  stringifyPaced,
} from '../../electron/core/cooperative';
import { FileStateStore, WRITE_PIECE_CHARS } from '../../electron/core/file-state-store';
import { parseInstant, parseLocalOrInstant } from '../../electron/core/time';
import { createGeoTask, startEngineHarness, type EngineHarness } from '../helpers/engine-harness';
import { makeTask } from '../helpers/tasks';

let h: EngineHarness | null = null;

afterEach(async () => {
  await h?.close();
  h = null;
});

describe('work in slices', () => {
  it('serialises exactly as JSON.stringify does, large arrays and records included', async () => {
    const doc = fc.oneof(
      fc.jsonValue(),
      fc.record({
        version: fc.constant(1),
        tasks: fc.array(fc.jsonValue(), { minLength: 64, maxLength: 300 }),
      }),
      fc.record({
        version: fc.constant(1),
        tasks: fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.constant(undefined)), {
          minKeys: 64,
          maxKeys: 200,
        }),
      }),
      fc.array(fc.record({ a: fc.oneof(fc.string(), fc.constant(undefined)), b: fc.jsonValue() }), {
        minLength: 64,
        maxLength: 200,
      }),
    );
    await fc.assert(
      fc.asyncProperty(doc, async (value) => {
        expect(await stringifyPaced(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 60 },
    );
    // What has no JSON form: left out of objects, null in arrays, as JSON.stringify does.
    const odd = {
      gone: undefined,
      fn: () => 1,
      list: Array.from({ length: 100 }, (_, i) =>
        i % 3 === 0 ? undefined : { i, at: new Date(0) },
      ),
    };
    expect(await stringifyPaced(odd)).toBe(JSON.stringify(odd));
  });

  it('maps and visits a thousand items in order, as the plain loops do', async () => {
    const items = Array.from({ length: 1_000 }, (_, i) => i);
    expect(await mapPaced(items, (i) => i * 2)).toEqual(items.map((i) => i * 2));
    const seen: number[] = [];
    await forEachPaced(new Set(items).values(), (i) => seen.push(i));
    expect(seen).toEqual(items);
  });

  it('writes a thousand tasks to the file byte for byte as a plain write does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-paced-'));
    const store = new FileStateStore(dir);
    const tasks = Array.from({ length: 1_000 }, (_, i) =>
      makeTask('acct', String(i), { raw: null, description: `Task ${i} ${'é'.repeat(i % 7)}` }),
    );
    await Promise.all([
      store.write('snapshot/plain', { version: 1, tasks }),
      store.writePaced('snapshot/paced', { version: 1, tasks }),
    ]);
    const plain = readFileSync(join(dir, 'snapshot', 'plain.json'), 'utf8');
    expect(readFileSync(join(dir, 'snapshot', 'paced.json'), 'utf8')).toBe(plain);
    expect(await store.read('snapshot/paced')).toEqual(await store.read('snapshot/plain'));
  });

  it('writes a state file of megabytes in pieces that read back whole, split characters included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-paced-'));
    const store = new FileStateStore(dir);
    // Emoji (two UTF-16 units each) and accents at every offset, so some straddle a piece's end.
    const tasks = Array.from({ length: 4_000 }, (_, i) =>
      makeTask('acct', String(i), {
        raw: null,
        description: `${'x'.repeat(i % 13)}😀 é ${'ñ'.repeat(i % 5)}🧾${'y'.repeat(200)}`,
      }),
    );
    const value = { version: 1, tasks };
    const text = JSON.stringify(value);
    expect(text.length).toBeGreaterThan(WRITE_PIECE_CHARS * 10);
    await store.writePaced('snapshot/big', value);
    const bytes = readFileSync(join(dir, 'snapshot', 'big.json'));
    expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(await store.read('snapshot/big')).toEqual(value);
    // A surrogate pair exactly across the first piece's end.
    const pair = {
      text: `${'a'.repeat(WRITE_PIECE_CHARS - 10)}😀${'b'.repeat(WRITE_PIECE_CHARS)}`,
    };
    await store.write('snapshot/pair', pair);
    expect(readFileSync(join(dir, 'snapshot', 'pair.json'), 'utf8')).toBe(JSON.stringify(pair));
  });

  it('keeps writes of one document in call order, however long each takes to serialise', async () => {
    const store = new FileStateStore(mkdtempSync(join(tmpdir(), 'tasktray-paced-')));
    const big = Array.from({ length: 2_000 }, (_, i) => makeTask('acct', String(i)));
    const first = store.writePaced('snapshot/a', { version: 1, tasks: big });
    const second = store.write('snapshot/a', { version: 1, tasks: [] });
    await Promise.all([first, second]);
    expect(await store.read('snapshot/a')).toEqual({ version: 1, tasks: [] });
  });

  it('gives the same instants from remembered times, in each zone apart', () => {
    const local = '2026-03-29 02:30:00';
    const inMadrid = parseLocalOrInstant(local, 'Europe/Madrid');
    const inUtc = parseLocalOrInstant(local, 'UTC');
    expect(inMadrid).not.toBe(inUtc);
    for (let i = 0; i < 3; i += 1) {
      expect(parseLocalOrInstant(local, 'UTC')).toBe(inUtc);
      expect(parseLocalOrInstant(local, 'Europe/Madrid')).toBe(inMadrid);
      expect(parseInstant('2026-11-26T09:00:00.500+01:00')).toBe('2026-11-26T08:00:00.5Z');
      expect(parseInstant('not a time')).toBeNull();
    }
  });

  it('lists, keeps and saves a first sync of a thousand tasks as one piece of work would', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-paced-'));
    const harness = await startEngineHarness({ vendors: ['geotareas'], stateDir: dir });
    h = harness;
    const created = Array.from({ length: 1_000 }, (_, i) =>
      createGeoTask(harness.world, { title: `Open ${i}` }),
    );
    harness.engine.start();
    await harness.clock.advance(0);
    await harness.engine.flush();
    const tasks = harness.engine.tasks();
    expect(tasks.map((t) => t.vendorTaskId).sort()).toEqual(created.map((t) => t.id).sort());
    expect(tasks.map((t) => t.title)).toEqual(created.map((t) => t.title));
    const onDisk = readFileSync(join(dir, 'snapshot', 'demo-geotareas.json'), 'utf8');
    const expected = tasks.map((task) => (task.raw === null ? task : { ...task, raw: null }));
    expect(onDisk).toBe(JSON.stringify({ version: 1, tasks: expected }));
  });

  it('hands a slice left over in one turn of the event loop to no work of the next turn', async () => {
    // Work that used up its slice waits for the next turn's immediates, where a slice starts.
    const until = performance.now() + SLICE_MS + 1;
    while (performance.now() < until);
    await pace();
    // A timer's work in the next turn (as an I/O callback would be), well within that slice's
    // time: it runs on only after the turn's immediates, in a slice of its own.
    await new Promise((resolve) => setTimeout(resolve, 1));
    let immediatesRan = false;
    setImmediate(() => (immediatesRan = true));
    await pace();
    expect(immediatesRan).toBe(true);
  });
});
