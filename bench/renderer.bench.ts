// Renderer benchmarks (issue 5): navigation → inbox showing 2,000 tasks in headless Chromium, and
// the gzipped size of the renderer's JavaScript. Prints figures, asserts nothing. `npm run bench`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { createSimTask } from '../electron/simulator/task-factory';
import { startWebHost } from '../electron/web-host/host';
import type { VendorId } from '../shared/task';
import { assertRendererBuilt, launchChromium, RENDERER_DIR } from '../test/helpers/browser';
import { MAIN_CHUNK_BUDGET_BYTES, mainChunkGzipBytes } from '../test/helpers/bundle';
import type { Figure } from './engine.bench';

const TASKS = 2_000;
const RUNS = 5;
const VENDORS: VendorId[] = ['geotareas', 'uipath', 'workflowsvc', 'maxsight'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The renderer's JavaScript as it would be downloaded, gzipped. */
export function rendererJsGzipBytes(dir = RENDERER_DIR): number {
  const assets = join(dir, 'assets');
  return readdirSync(assets)
    .filter((name) => name.endsWith('.js'))
    .reduce(
      (sum, name) => sum + gzipSync(readFileSync(join(assets, name)), { level: 9 }).length,
      0,
    );
}

async function inboxLoadMs(): Promise<number> {
  const host = await startWebHost({
    rendererDir: RENDERER_DIR,
    pollFloorMs: 1_000,
    demo: { seed: 3 },
  });
  const browser = await launchChromium();
  try {
    const now = host.demo.sim.world.now();
    for (let i = 0; i < TASKS; i += 1) {
      createSimTask(host.demo.sim.world, VENDORS[i % VENDORS.length] ?? 'uipath', {
        title: `Benchmark task ${i}`,
        dueAt: now + ((i % 48) - 6) * 3_600_000,
        escalated: i % 101 === 0,
      });
    }
    host.engine.refreshNow();
    const deadline = Date.now() + 120_000;
    while (host.engine.tasks().length < TASKS) {
      if (Date.now() > deadline) {
        throw new Error(`the engine saw only ${host.engine.tasks().length} of ${TASKS} tasks`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const total = host.engine.tasks().length;
    const times: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      const start = performance.now();
      await page.goto(host.url);
      await page.waitForFunction(
        (count) =>
          document.querySelector('.task-row') !== null &&
          (document.querySelector('.inbox-head [role=status]')?.textContent ?? '').includes(
            `of ${count} tasks`,
          ),
        total,
        { polling: 'raf', timeout: 30_000 },
      );
      times.push(performance.now() - start);
      await page.close();
    }
    return median(times);
  } finally {
    await browser.close();
    await host.close();
  }
}

export async function rendererBenchmarks(): Promise<Figure[]> {
  assertRendererBuilt();
  const loadMs = await inboxLoadMs();
  const kb = rendererJsGzipBytes() / 1024;
  return [
    {
      name: `navigation → inbox showing ${TASKS} tasks (headless Chromium, median of ${RUNS})`,
      value: loadMs,
      unit: 'ms',
      target: '≤ 500 ms',
      ok: loadMs <= 500,
    },
    {
      name: 'renderer JavaScript, gzipped',
      value: kb,
      unit: 'KB',
      target: '≤ 200 KB',
      ok: kb <= 200,
    },
    {
      name: 'renderer main chunk (what the window loads up front), gzipped',
      value: mainChunkGzipBytes(RENDERER_DIR) / 1024,
      unit: 'KB',
      target: '≤ 100 KB',
      ok: mainChunkGzipBytes(RENDERER_DIR) <= MAIN_CHUNK_BUDGET_BYTES,
    },
  ];
}
