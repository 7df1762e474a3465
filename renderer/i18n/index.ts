// The windows' words come from the one catalog in shared/. English is in the main chunk; another
// language loads as its own chunk the first time a window needs it (the bundle budget), and the
// window shows English for that moment.
import { useSyncExternalStore } from 'react';
import type { Language } from '../../shared/appearance';
import { en } from '../../shared/i18n/en';
import { translatorFor, type MessageKey, type Translate } from '../../shared/i18n/format';

export {
  describeDueIn,
  formatInstant,
  relativeTime,
  warmFormats,
  type MessageKey,
  type Params,
  type Translate,
} from '../../shared/i18n/format';
import { runHandled } from '../../shared/detached';

type Table = Readonly<Record<MessageKey, string>>;

const LOADERS: Record<Exclude<Language, 'en'>, () => Promise<Table>> = {
  es: () => import('../../shared/i18n/es').then((module) => module.es),
};

const loaded: Partial<Record<Language, Table>> = { en };
const pending = new Map<Language, Promise<void>>();
const listeners = new Set<() => void>();
let version = 0;

/** Loads a language's table once; resolves when it is there (or stayed English after a failure). */
export function loadCatalog(language: Language): Promise<void> {
  if (language === 'en' || loaded[language]) return Promise.resolve();
  const existing = pending.get(language);
  if (existing) return existing;
  const loading = LOADERS[language]()
    .then((table) => {
      loaded[language] = table;
      version += 1;
      for (const listener of listeners) listener();
    })
    // A chunk that fails to load leaves the window in English rather than blank.
    .catch(() => undefined)
    .finally(() => pending.delete(language));
  pending.set(language, loading);
  return loading;
}

/** The window's translator: its language once that table is loaded, English until then. */
export function translator(language: Language): Translate {
  const table = loaded[language];
  if (table) return translatorFor(table, language);
  runHandled(loadCatalog(language));
  return translatorFor(en, 'en');
}

/** Changes when a language's table arrives, so views translated in English redraw. */
export function useCatalogVersion(): number {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => version,
  );
}
