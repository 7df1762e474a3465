// The inbox window's own state: its filters, the selected task, the row holding the list's tab
// stop, and the last confirmation shown. (Snoozes come with each task's list row.)
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
  /** A confirmation to show for a few seconds. */
  toast: { id: number; text: string } | null;
};

export const inboxStore = createStore<InboxStore>(() => ({
  filter: EMPTY_FILTER,
  selectedId: null,
  activeId: null,
  focusList: 0,
  completeId: null,
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

let toastCount = 0;
export function showToast(text: string): void {
  toastCount += 1;
  inboxStore.setState({ toast: { id: toastCount, text } });
}

export function clearToast(id: number): void {
  inboxStore.setState((s) => (s.toast?.id === id ? { toast: null } : {}));
}
