// React access to the stores, and the translator for the window's language.
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { translator, useCatalogVersion, type Translate } from '../i18n';
import type { AccountHealth } from '../../shared/health';
import type { AdapterCapabilities } from '../../shared/capabilities';
import type { AccountView } from '../../shared/ipc';
import type { Task } from '../../shared/task';
import type { Language } from '../../shared/settings';
import { appStore, type AppStore, type WindowState } from './app-store';

export function useApp<T>(select: (state: AppStore) => T): T {
  return useStore(appStore, select);
}

export function useLanguage(): Language {
  return useApp((s) => s.data?.settings.language ?? 'en');
}

export function useT(): Translate {
  const language = useLanguage();
  const catalogs = useCatalogVersion();
  return useMemo(() => translator(language), [language, catalogs]);
}

/** What the task's account can do: its own capabilities, else its vendor's. */
export function capabilitiesOf(
  data: WindowState | null,
  task: Pick<Task, 'accountId' | 'vendor'>,
): AdapterCapabilities | undefined {
  return data?.accountCapabilities?.[task.accountId] ?? data?.capabilities[task.vendor];
}

// Selectors must return the same value for the same state: a fresh `[]` on every call makes
// zustand re-render forever (React error #185) while the state is still loading.
const NO_ACCOUNTS: AccountView[] = [];
const NO_HEALTH: AccountHealth[] = [];

export function useAccounts(): AccountView[] {
  return useApp((s) => s.data?.accounts ?? NO_ACCOUNTS);
}

export function useHealth(): AccountHealth[] {
  return useApp((s) => s.data?.health ?? NO_HEALTH);
}
