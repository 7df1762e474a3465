// Which row element shows which task while the list scrolls (renderer/views/row-slots.ts).
import { describe, expect, it } from 'vitest';
import { assignSlots } from '../../renderer/views/row-slots';

const keys = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `t${from + i}`);

describe('row slots', () => {
  it('numbers the first rows in order', () => {
    expect(assignSlots(keys(0, 4), new Map(), []).slots).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps a task in its element while it is drawn; one coming into view takes a freed one', () => {
    const first = assignSlots(keys(0, 4), new Map(), []);
    // Scrolled down two rows: t0 and t1 left, t5 and t6 came.
    const second = assignSlots(keys(2, 6), first.held, []);
    expect(second.slots).toEqual([2, 3, 4, 0, 1]);
    expect([...second.held.keys()].sort()).toEqual(keys(2, 6).sort());
    // A jump to rows never drawn: every element is given a new task, none is added.
    const third = assignSlots(keys(100, 104), second.held, []);
    expect([...third.slots].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('never gives a pinned task’s element to another task, drawn or not', () => {
    const first = assignSlots(keys(0, 4), new Map(), []);
    // t1 is focused: scrolled out of the drawn rows, its element is kept back for it.
    const second = assignSlots(keys(3, 7), first.held, ['t1', null]);
    expect(second.slots).not.toContain(1);
    expect(second.held.get('t1')).toBe(1);
    // Back in view: it has its own element again.
    const third = assignSlots(keys(0, 4), second.held, ['t1']);
    expect(third.slots[1]).toBe(1);
    // Unpinned and gone: its element is free for the next task.
    const fourth = assignSlots(keys(10, 14), third.held, []);
    expect(fourth.held.has('t1')).toBe(false);
    expect([...fourth.slots].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('never gives two drawn tasks one element, whatever the scrolling', () => {
    let held: ReadonlyMap<string, number> = new Map();
    const MOST_DRAWN = 14;
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let step = 0; step < 500; step += 1) {
      const first = random(200);
      const drawn = keys(first, first + random(MOST_DRAWN));
      const pinned = [`t${random(200)}`, null, `t${random(200)}`];
      const next = assignSlots(drawn, held, pinned);
      expect(new Set(next.slots).size).toBe(drawn.length);
      // No element is shared with a pinned task held back out of view.
      for (const key of pinned) {
        const slot = key === null ? undefined : next.held.get(key);
        if (key !== null && slot !== undefined && !drawn.includes(key)) {
          expect(next.slots).not.toContain(slot);
        }
      }
      // Never more elements than the most rows ever drawn at once and the pinned ones.
      expect(Math.max(...next.slots)).toBeLessThan(MOST_DRAWN + pinned.length);
      held = next.held;
    }
  });
});
