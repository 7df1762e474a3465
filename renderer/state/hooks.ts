// React access to the stores, and the translator for the window's language.
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { translator, useCatalogVersion, type Translate } from '../i18n';
import type { Language } from '../../shared/settings';
import { appStore, type AppStore } from './app-store';

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
