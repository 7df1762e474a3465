// The inbox window's own state: its filters, the selected task, the row holding the list's tab
// stop, snoozes made here, and the last confirmation shown.
import { createStore } from 'zustand/vanilla';
import { EMPTY_FILTER, type InboxFilter } from '../inbox/filter';

export type InboxStore = {
  filter: InboxFilter;
  selectedId: string | null;
  /** The row that holds the list's one tab stop (roving tabindex). */
  activeId: string | null;
  /** Bumped to ask the list to take focus back (after a completion, a cancel, a Back). */
  focusList: number;
  /** The task whose completion form should open (the "c" shortcut, the row's quick action). */
  completeId: string | null;
  /** Snoozes made from this window: task id → until (ms). */
  snoozed: Record<string, number>;
  /** A confirmation to show for a few seconds. */
  toast: { id: number; text: string } | null;
};

export const inboxStore = createStore<InboxStore>(() => ({
  filter: EMPTY_FILTER,
  selectedId: null,
  activeId: null,
  focusList: 0,
  completeId: null,
  snoozed: {},
  toast: null,
}));

export function setFilter(update: Partial<InboxFilter>): void {
  inboxStore.setState((s) => ({ filter: { ...s.filter, ...update } }));
}

export function selectTask(id: string | null): void {
  inboxStore.setState((s) => ({
    selectedId: id,
    activeId: id ?? s.activeId,
    completeId: id === null ? null : s.completeId === id ? id : null,
  }));
}

export function setActive(id: string | null): void {
  inboxStore.setState({ activeId: id });
}

export function startCompleting(id: string): void {
  inboxStore.setState({ selectedId: id, activeId: id, completeId: id });
}

export function returnFocusToList(): void {
  inboxStore.setState((s) => ({ focusList: s.focusList + 1 }));
}

export function markSnoozed(id: string, until: number): void {
  inboxStore.setState((s) => ({ snoozed: { ...s.snoozed, [id]: until } }));
}

let toastCount = 0;
export function showToast(text: string): void {
  toastCount += 1;
  inboxStore.setState({ toast: { id: toastCount, text } });
}

export function clearToast(id: number): void {
  inboxStore.setState((s) => (s.toast?.id === id ? { toast: null } : {}));
}
