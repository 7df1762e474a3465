// Which of the list's row elements shows which task. A fast wheel draws a new screen of rows each
// frame; building and dropping a screen of elements a frame fills the page's heap, and the major
// garbage collections that follow (one a second or more) land in scroll frames. So a row element
// is kept and given the next task to show: a task keeps its element while it is drawn, and a task
// that comes into view takes an element whose task has left it.
//
// A few tasks are pinned: the focused, hovered and selected ones. Their elements are never given
// to another task, even after the task scrolls out of the drawn rows (the element is then dropped,
// as it was before recycling): focus and hover stay with their task, and a highlight does not fade
// out on a task scrolling into view.

export interface SlotAssignment {
  /** The slot of each drawn key, in the order given. */
  slots: number[];
  /** What the next assignment starts from: every drawn key's slot, and every pinned key's. */
  held: Map<string, number>;
}

export function assignSlots(
  keys: readonly string[],
  before: ReadonlyMap<string, number>,
  pinned: readonly (string | null)[],
): SlotAssignment {
  const held = new Map<string, number>();
  const taken = new Set<number>();
  const hold = (key: string, slot: number) => {
    held.set(key, slot);
    taken.add(slot);
  };
  for (const key of pinned) {
    const slot = key === null ? undefined : before.get(key);
    if (key !== null && slot !== undefined) hold(key, slot);
  }
  const slots: number[] = [];
  for (const [i, key] of keys.entries()) {
    const slot = held.get(key) ?? before.get(key);
    if (slot !== undefined && (held.get(key) === slot || !taken.has(slot))) {
      hold(key, slot);
      slots[i] = slot;
    }
  }
  let free = 0;
  for (const [i, key] of keys.entries()) {
    if (slots[i] !== undefined) continue;
    while (taken.has(free)) free += 1;
    hold(key, free);
    slots[i] = free;
  }
  return { slots, held };
}
