// Long engine work in slices: in the tray app the engine shares its thread with the tray and the
// windows, so a first sync of thousands of tasks (normalising, settling, serialising, due checks)
// hands the thread back every few milliseconds instead of holding it for hundreds. Every loop
// over a whole inbox calls `pace()` between items; results are the same as the plain loop.
import { performance } from 'node:perf_hooks';

/** The longest the engine's work runs before the thread gets a turn for something else. */
export const SLICE_MS = 4;
/** Items handled between two looks at the clock (looking costs too). */
const CHECK_EVERY = 16;

let sliceStart = performance.now();
let resetQueued = false;
let yielding = 0;
/** Counts slices, so the end of an old one never ends a newer one. */
let slices = 0;

/**
 * Ends the slice when the event loop comes round to its timers again: a slice that began with
 * the last turn's immediates and was not used up is not handed on to the next turn's I/O
 * callbacks, which would then get a fresh slice of their own in that turn's immediates — two
 * slices' work in one turn, on top of that turn's other work (replies, the collector).
 */
function startSlice(): void {
  sliceStart = performance.now();
  slices += 1;
  const slice = slices;
  setTimeout(() => {
    if (slices === slice) sliceStart = Number.NEGATIVE_INFINITY;
  }, 0).unref();
}

/** Work paused in `pace()` right now (the test clock counts it as work still under way). */
export function pausedWork(): number {
  return yielding;
}

const used = () => performance.now() - sliceStart >= SLICE_MS;

/**
 * Lets the thread do something else (timers, input, other I/O) once this slice is used up;
 * returns at once otherwise. Shared by all the engine's work: however many accounts' polls are
 * under way, together they hold the thread for about one slice per turn of the event loop.
 */
export async function pace(): Promise<void> {
  if (!used()) return;
  yielding += 1;
  try {
    do {
      // The next slice starts on the next turn, before any paused work resumes (first in line).
      if (!resetQueued) {
        resetQueued = true;
        setImmediate(() => {
          resetQueued = false;
          startSlice();
        });
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
      // Others that resumed first may have used this turn's slice already.
    } while (used());
  } finally {
    yielding -= 1;
  }
}

/** `items.map(fn)`, a slice at a time. */
export async function mapPaced<T, U>(items: readonly T[], fn: (item: T) => U): Promise<U[]> {
  const out: U[] = new Array<U>(items.length);
  for (let i = 0; i < items.length; i += 1) {
    out[i] = fn(items[i] as T);
    if (i % CHECK_EVERY === CHECK_EVERY - 1) await pace();
  }
  return out;
}

/** Runs `fn` on each item, a slice at a time. */
export async function forEachPaced<T>(items: Iterable<T>, fn: (item: T) => void): Promise<void> {
  let i = 0;
  for (const item of items) {
    fn(item);
    i += 1;
    if (i % CHECK_EVERY === 0) await pace();
  }
}

/**
 * `JSON.stringify(value)`, with the elements of large arrays and the entries of large records
 * (anywhere in the top two levels, as a snapshot's task list and a seen-state's task map are)
 * serialised a slice at a time. The value must not change meanwhile.
 */
export async function stringifyPaced(value: unknown, depth = 0): Promise<string | undefined> {
  if (depth > 1 || value === null || typeof value !== 'object') return JSON.stringify(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length < CHECK_EVERY * 4) return JSON.stringify(value);
    const parts: string[] = new Array<string>(value.length);
    for (let i = 0; i < value.length; i += 1) {
      // As JSON.stringify does inside arrays: what has no JSON form is written as null.
      parts[i] = (await stringifyPaced(value[i], depth + 1)) ?? 'null';
      if (i % CHECK_EVERY === CHECK_EVERY - 1) await pace();
    }
    return `[${parts.join(',')}]`;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return JSON.stringify(value);
  const parts: string[] = [];
  // A large record (a task id → seen-state map) is paced as a large array is.
  const entries = Object.entries(value);
  const large = entries.length >= CHECK_EVERY * 4;
  for (let i = 0; i < entries.length; i += 1) {
    const [key, item] = entries[i] as [string, unknown];
    const text = await stringifyPaced(item, depth + 1);
    // As JSON.stringify does in objects: keys whose value has no JSON form are left out.
    if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
    if (large && i % CHECK_EVERY === CHECK_EVERY - 1) await pace();
  }
  return `{${parts.join(',')}}`;
}
