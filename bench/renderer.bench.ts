// Renderer benchmarks: navigation → inbox painted with 2,000 tasks in headless Chromium, the
// longest main-thread task while scrolling 10,000, and the gzipped size of the renderer's
// JavaScript. Prints figures, asserts nothing. `npm run bench`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { createSimTask } from '../electron/simulator/task-factory';
import type { Browser } from 'playwright-core';
import { startWebHost, type RunningWebHost } from '../electron/web-host/host';
import type { VendorId } from '../shared/task';
import { assertRendererBuilt, launchChromium, RENDERER_DIR } from '../test/helpers/browser';
import { MAIN_CHUNK_BUDGET_BYTES, mainChunkGzipBytes } from '../test/helpers/bundle';
import type { Figure } from './engine.bench';

const TASKS = 2_000;
const SCROLL_TASKS = 10_000;
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

/** A web host whose demo simulator holds `count` open tasks, all listed by the engine. */
async function hostWithTasks(count: number, vendors: VendorId[]): Promise<RunningWebHost> {
  const host = await startWebHost({
    rendererDir: RENDERER_DIR,
    pollFloorMs: 1_000,
    demo: { seed: 3, limits: { geotareasReadsPerMinute: 6_000 } },
  });
  const now = host.demo.sim.world.now();
  for (let i = 0; i < count; i += 1) {
    createSimTask(host.demo.sim.world, vendors[i % vendors.length] ?? 'uipath', {
      title: `Benchmark task ${i}`,
      dueAt: now + ((i % 48) - 6) * 3_600_000,
      escalated: i % 101 === 0,
    });
  }
  host.engine.refreshNow();
  const deadline = Date.now() + 300_000;
  while (host.engine.tasks().length < count) {
    if (Date.now() > deadline) {
      await host.close();
      throw new Error(`the engine saw only ${host.engine.tasks().length} of ${count} tasks`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return host;
}

/** Navigation → the inbox painted with every task counted, at the main window's size. */
async function inboxLoadMs(browser: Browser, host: RunningWebHost): Promise<number> {
  const total = host.engine.tasks().length;
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    const start = performance.now();
    await page.goto(host.url);
    await page.waitForFunction(
      (count) =>
        document.querySelector('.task-row') !== null &&
        (document.querySelector('.chips [role=status]')?.textContent ?? '').includes(
          `of ${count} tasks`,
        ),
      total,
      { polling: 'raf', timeout: 60_000 },
    );
    times.push(performance.now() - start);
    await page.close();
  }
  return median(times);
}

// Run in the page as text: the bench's TypeScript loader would add helpers the page lacks.
const SCROLL_SCRIPT = `(async () => {
  const list = document.querySelector('.task-list');
  if (!list) throw new Error('no task list');
  const durations = [];
  const observer = new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) durations.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  // A fast wheel: three screens a frame, top to bottom and back up.
  const step = list.clientHeight * 3;
  while (list.scrollTop + list.clientHeight < list.scrollHeight - 1) {
    list.scrollTop += step;
    await frame();
  }
  while (list.scrollTop > 0) {
    list.scrollTop -= step;
    await frame();
  }
  await frame();
  observer.disconnect();
  return Math.max(0, ...durations);
})()`;

/** Scrolls the whole list frame by frame; reports the longest main-thread task (ms) seen. */
async function scrollLongestTaskMs(browser: Browser, host: RunningWebHost): Promise<number> {
  const total = host.engine.tasks().length;
  const page = await browser.newPage({ viewport: { width: 400, height: 600 } });
  try {
    await page.goto(host.url);
    await page.waitForFunction(
      (count) =>
        (document.querySelector('.chips [role=status]')?.textContent ?? '').includes(
          `of ${count} tasks`,
        ),
      total,
      { polling: 'raf', timeout: 60_000 },
    );
    return (await page.evaluate(SCROLL_SCRIPT)) as number;
  } finally {
    await page.close();
  }
}

export async function rendererBenchmarks(): Promise<Figure[]> {
  assertRendererBuilt();
  const browser = await launchChromium();
  let loadMs: number;
  let longestMs: number;
  try {
    const host = await hostWithTasks(TASKS, VENDORS);
    try {
      loadMs = await inboxLoadMs(browser, host);
    } finally {
      await host.close();
    }
    const big = await hostWithTasks(SCROLL_TASKS, VENDORS);
    try {
      longestMs = await scrollLongestTaskMs(browser, big);
    } finally {
      await big.close();
    }
  } finally {
    await browser.close();
  }
  const kb = rendererJsGzipBytes() / 1024;
  return [
    {
      name: `navigation → inbox painted with ${TASKS} tasks at 1100×720 (headless Chromium, median of ${RUNS})`,
      value: loadMs,
      unit: 'ms',
      target: '≤ 300 ms',
      ok: loadMs <= 300,
    },
    {
      name: `scrolling ${SCROLL_TASKS} tasks top to bottom and back: longest main-thread task`,
      value: longestMs,
      unit: 'ms',
      target: '≤ 50 ms',
      ok: longestMs <= 50,
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
