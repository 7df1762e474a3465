// The inbox window's own state: its filters and the selected task.
import { createStore } from 'zustand/vanilla';
import { EMPTY_FILTER, type InboxFilter } from '../inbox/filter';

export type InboxStore = {
  filter: InboxFilter;
  selectedId: string | null;
};

export const inboxStore = createStore<InboxStore>(() => ({
  filter: EMPTY_FILTER,
  selectedId: null,
}));

export function setFilter(update: Partial<InboxFilter>): void {
  inboxStore.setState((s) => ({ filter: { ...s.filter, ...update } }));
}

export function selectTask(id: string | null): void {
  inboxStore.setState({ selectedId: id });
}
