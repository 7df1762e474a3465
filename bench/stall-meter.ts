// The stall meter: the longest stretch a thread went without a turn of its event loop.
import { closeSync, existsSync, openSync, readSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * The longest stretch the thread went without a turn of its event loop, as the wall clock saw
 * it, and how much of that the thread itself was running (Linux: the thread's own on-CPU time
 * from /proc; elsewhere the wall clock only). On a busy machine the wall clock also counts the
 * time the OS gave the CPU to other processes; the on-CPU figure is what the engine's own work
 * holds the thread for, the stall a user sees on a machine with a core to spare.
 */
export function stallMeter() {
  const schedstat = `/proc/self/task/${process.pid}/schedstat`;
  const linux = existsSync(schedstat);
  // Read into one buffer, its digits summed by hand: a string a millisecond made the meter a
  // large share of the thread's garbage, and so of the collector's pauses it measures.
  const fd = linux ? openSync(schedstat, 'r') : -1;
  const buffer = Buffer.alloc(128);
  const onCpuMs = () => {
    if (!linux) return 0;
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    let ns = 0;
    for (let i = 0; i < length; i += 1) {
      const digit = (buffer[i] ?? 0) - 48;
      if (digit < 0 || digit > 9) break;
      ns = ns * 10 + digit;
    }
    return ns / 1e6;
  };
  let lastWall = performance.now();
  let lastCpu = onCpuMs();
  let lastNs = process.hrtime.bigint();
  let wallMs = 0;
  let cpuMs = 0;
  // BENCH_STALL_TRACE=<file>: the longest stalls' monotonic times (those of a --cpu-prof profile),
  // so a profile's samples can be read for what ran in each.
  const trace = process.env.BENCH_STALL_TRACE;
  const longest: {
    fromNs: string;
    toNs: string;
    cpuMs: number;
    wallMs: number;
    atMs: number;
  }[] = [];
  const tick = setInterval(() => {
    const wall = performance.now();
    const cpu = onCpuMs();
    const ns = process.hrtime.bigint();
    const stallCpu = linux ? cpu - lastCpu : wall - lastWall;
    wallMs = Math.max(wallMs, wall - lastWall);
    cpuMs = Math.max(cpuMs, stallCpu);
    if (trace && (longest.length < 20 || stallCpu > (longest.at(-1)?.cpuMs ?? 0))) {
      longest.push({
        fromNs: String(lastNs),
        toNs: String(ns),
        cpuMs: stallCpu,
        wallMs: wall - lastWall,
        atMs: lastWall,
      });
      longest.sort((a, b) => b.cpuMs - a.cpuMs);
      longest.length = Math.min(longest.length, 20);
    }
    lastWall = wall;
    lastCpu = cpu;
    lastNs = ns;
  }, 1);
  return {
    stop(): { wallMs: number; cpuMs: number; onCpu: boolean } {
      clearInterval(tick);
      if (linux) closeSync(fd);
      if (trace) writeFileSync(trace, JSON.stringify(longest, null, 1));
      return { wallMs, cpuMs, onCpu: linux };
    },
  };
}
