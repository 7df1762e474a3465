// A virtual list whose rows have fixed heights (the inbox's: a task row, a group header): only the
// rows in view, and a few either side, are in the document. Rows are never measured, so the list
// knows every row's place from the start: nothing is read back from the layout while it is drawn,
// and a frame that scrolls never waits for rows to render (they render after it, in slices).
// Not @tanstack/react-virtual: it reads its scroll element's size and renders again before the
// first rows can paint, for measuring that fixed heights never need; here a row's place is arithmetic.
import {
  startTransition,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type RefObject,
} from 'react';

export interface DrawnRow {
  index: number;
  /** Its top, px from the top of the list. */
  start: number;
  size: number;
}

export interface FixedRows {
  /** The rows to draw, in order. */
  drawn: DrawnRow[];
  /** The whole list's height, px. */
  totalSize: number;
  /** Scrolls the row into view: just enough (`auto`), or to the middle of the list (`center`). */
  scrollToIndex(index: number, align?: 'auto' | 'center'): void;
}

interface View {
  top: number;
  height: number;
}

/** The index of the row at `offset` px: the last one that starts at or above it. */
function rowAt(starts: Float64Array, count: number, offset: number): number {
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The rows a view shows, first and last (last < first: none). */
function visibleRows(starts: Float64Array, count: number, view: View) {
  if (count === 0) return { first: 0, last: -1 };
  return {
    first: rowAt(starts, count, view.top),
    last: rowAt(starts, count, view.top + Math.max(view.height, 1) - 1),
  };
}

export function useFixedRows(options: {
  count: number;
  /** A row's height, px; a new function when the rows change. */
  sizeOf: (index: number) => number;
  scrollRef: RefObject<HTMLElement | null>;
  /** Rows drawn beyond each edge of the view, for the frame before new ones render. */
  overscan: number;
  /**
   * The list's height before it is laid out, px: at least what it will show. The first paint draws
   * the rows in that much and no more (no overscan either: those follow it).
   */
  firstHeight: () => number;
}): FixedRows {
  const { count, sizeOf, scrollRef, overscan, firstHeight } = options;
  // Every row's top, and the list's height at the end: one pass when the rows change.
  const starts = useMemo(() => {
    const out = new Float64Array(count + 1);
    for (let i = 0; i < count; i += 1) out[i + 1] = (out[i] ?? 0) + sizeOf(i);
    return out;
  }, [count, sizeOf]);
  const totalSize = starts[count] ?? 0;

  // Until the list is laid out, the caller's estimate: the first paint draws the rows it will show,
  // with no layout read in between, and the overscan comes in the render after that paint.
  const [view, setView] = useState<View>(() => ({ top: 0, height: firstHeight() }));
  const [painted, setPainted] = useState(false);
  const visible = useMemo(() => visibleRows(starts, count, view), [starts, count, view]);
  const margin = painted ? overscan : 0;
  const range = useMemo(
    () => ({
      first: Math.max(0, visible.first - margin),
      last: Math.min(count - 1, visible.last + margin),
    }),
    [visible, count, margin],
  );

  // What is in view as last drawn: a scroll that keeps the same rows in view renders nothing.
  const drawnVisible = useRef(visible);
  drawnVisible.current = visible;
  const drawnRange = useRef(range);
  drawnRange.current = range;
  const startsRef = useRef(starts);
  startsRef.current = starts;
  const countRef = useRef(count);
  countRef.current = count;
  // The list's height as last observed, which the drawn view may overstate (see the observer).
  const heightRef = useRef(view.height);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const update = (next: View) =>
      setView((before) =>
        before.top === next.top && before.height === next.height ? before : next,
      );
    const onScroll = () => {
      // The height as last observed: reading it here would lay out the page inside the handler.
      const next = { top: element.scrollTop, height: heightRef.current };
      const now = visibleRows(startsRef.current, countRef.current, next);
      const before = drawnVisible.current;
      if (now.first === before.first && now.last === before.last) return;
      // As a transition: the rows render in slices that hand the thread back between them, and a
      // newer scroll position replaces one not drawn yet, so a fast wheel on a busy machine
      // drops positions rather than queueing long renders of each.
      startTransition(() => update(next));
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    // The size as the layout made it, reported after each layout that changed it (the first one
    // before the first paint). Rows it shows that are not drawn yet render at once; when they are
    // all drawn, the size is only noted. After the first layout, the overscan renders as a
    // transition: after the paint, not before it.
    let first = true;
    const observer = new ResizeObserver(() => {
      const next = { top: element.scrollTop, height: element.clientHeight };
      heightRef.current = next.height;
      const now = visibleRows(startsRef.current, countRef.current, next);
      const drawn = drawnRange.current;
      if (now.first < drawn.first || now.last > drawn.last) {
        setPainted(true);
        update(next);
      } else if (first) {
        startTransition(() => {
          setPainted(true);
          update(next);
        });
      }
      first = false;
    });
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, [scrollRef]);

  const drawn = useMemo(() => {
    const out: DrawnRow[] = [];
    for (let i = range.first; i <= range.last; i += 1) {
      const start = starts[i] ?? 0;
      out.push({ index: i, start, size: (starts[i + 1] ?? start) - start });
    }
    return out;
  }, [range, starts]);

  const scrollToIndex = useCallback(
    (index: number, align: 'auto' | 'center' = 'auto') => {
      const element = scrollRef.current;
      const at = startsRef.current;
      if (!element || index < 0 || index >= at.length - 1) return;
      const start = at[index] ?? 0;
      const end = at[index + 1] ?? start;
      const height = element.clientHeight;
      let top = element.scrollTop;
      if (align === 'center') top = start - (height - (end - start)) / 2;
      else if (start < top) top = start;
      else if (end > top + height) top = end - height;
      top = Math.max(0, Math.min(top, (at[at.length - 1] ?? 0) - height));
      if (top !== element.scrollTop) element.scrollTop = top;
    },
    [scrollRef],
  );

  return { drawn, totalSize, scrollToIndex };
}
