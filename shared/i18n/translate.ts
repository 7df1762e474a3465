// One translator for main, the engine and the CLI: every catalog, loaded at once. (The windows load
// all but English lazily: renderer/i18n.)
import type { Language } from '../appearance';
import { en } from './en';
import { es } from './es';
import { translatorFor, type MessageKey, type Translate } from './format';

export * from './format';

export const CATALOGS: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = {
  en,
  es,
};

const translators = new Map<Language, Translate>();

export function translator(language: Language): Translate {
  let t = translators.get(language);
  if (!t) translators.set(language, (t = translatorFor(CATALOGS[language] ?? en, language)));
  return t;
}
