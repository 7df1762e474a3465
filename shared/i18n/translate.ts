// One translator for main, the engine and the CLI: every catalog, loaded at once. (The windows load
// all but English lazily: renderer/i18n.)
import type { Language } from '../appearance';
import { cliEn } from './cli-en';
import { cliEs } from './cli-es';
import { en } from './en';
import { es } from './es';
import { translatorFor, type Table, type Translate } from './format';

export * from './format';

/** Every word of each language, the CLI's included (main and the engine never ask for those). */
export const CATALOGS: Readonly<Record<Language, Required<Table>>> = {
  en: { ...en, ...cliEn },
  es: { ...es, ...cliEs },
};

const translators = new Map<Language, Translate>();

export function translator(language: Language): Translate {
  let t = translators.get(language);
  if (!t)
    translators.set(
      language,
      (t = translatorFor(CATALOGS[language] ?? CATALOGS.en, language, CATALOGS.en)),
    );
  return t;
}
