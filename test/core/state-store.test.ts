// The engine's state in files: per account, without raw vendor records, a damaged file kept aside.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CorruptState } from '../../electron/core/persisted';
import { MemoryStateStore } from '../../electron/core/ports';
import { createGeoTask, startEngineHarness, type EngineHarness } from '../helpers/engine-harness';

let h: EngineHarness | null = null;

afterEach(async () => {
  await h?.close();
  h = null;
});

describe('engine state in files', () => {
  it('keeps each account’s tasks in its own file, without the vendor’s raw records', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-state-'));
    const harness = await startEngineHarness({ vendors: ['geotareas'], stateDir: dir });
    h = harness;
    createGeoTask(harness.world, { title: 'Con detalle' });
    harness.engine.start();
    await harness.clock.advance(0);
    const inMemory = harness.engine.tasks();
    expect(inMemory.some((task) => task.raw !== null)).toBe(true);
    await harness.engine.flush();
    const file = join(dir, 'snapshot', 'demo-geotareas.json');
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as {
      tasks: { title: string; raw: unknown; detailLoaded: boolean }[];
    };
    expect(onDisk.tasks.map((t) => t.title)).toContain('Con detalle');
    expect(onDisk.tasks.every((t) => t.raw === null)).toBe(true);
    // A restart reads the tasks back; the detail view reads the raw record again when opened.
    await harness.restart();
    const taskId = inMemory[0]?.id ?? '';
    expect(harness.engine.task(taskId)?.raw).toBeNull();
    expect((await harness.engine.loadTask(taskId)).raw).not.toBeNull();
  });

  it('keeps a damaged account file aside, reports it and carries on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-state-'));
    mkdirSync(join(dir, 'snapshot'), { recursive: true });
    mkdirSync(join(dir, 'seen'), { recursive: true });
    writeFileSync(join(dir, 'snapshot', 'demo-geotareas.json'), '{"version": 1, "tasks": [');
    writeFileSync(join(dir, 'seen', 'demo-geotareas.json'), '{"version": 2}');
    const problems: CorruptState[] = [];
    const harness = await startEngineHarness({
      vendors: ['geotareas'],
      stateDir: dir,
      onProblem: (report) => problems.push(report),
    });
    h = harness;
    createGeoTask(harness.world, { title: 'Sigue' });
    harness.engine.start();
    await harness.clock.advance(0);
    expect(problems.map((p) => p.key).sort()).toEqual([
      'seen/demo-geotareas',
      'snapshot/demo-geotareas',
    ]);
    expect(readdirSync(join(dir, 'snapshot')).some((n) => n.includes('.corrupt-'))).toBe(true);
    expect(readdirSync(join(dir, 'seen')).some((n) => n.includes('.corrupt-'))).toBe(true);
    expect(harness.engine.tasks().map((t) => t.title)).toContain('Sigue');
    expect(harness.alerts.map((a) => a.kind)).toEqual(['summary']);
  });
});

describe('the in-memory store (demo, browser test host)', () => {
  const big = { tasks: Array.from({ length: 5_000 }, (_, i) => ({ id: `t${i}`, title: 'x' })) };

  it('writes a large document in slices, readable once written', async () => {
    const store = new MemoryStateStore();
    await store.writePaced('snapshot', big);
    expect(await store.read('snapshot')).toEqual(big);
  });

  it('lets the last write asked for win over a paced one still serialising', async () => {
    const store = new MemoryStateStore();
    const paced = store.writePaced('snapshot', big);
    await store.write('snapshot', { tasks: [] });
    await paced;
    expect(await store.read('snapshot')).toEqual({ tasks: [] });
    const again = store.writePaced('snapshot', big);
    await store.delete('snapshot');
    await again;
    expect(await store.read('snapshot')).toBeUndefined();
  });
});
