// Chromium's own widgets (date and time inputs, spell-check, its context menus) speak the locale
// given by --lang, which must be set before Electron is `ready` — before the settings store opens.
// So the language is read straight from the settings file; a change applies at the next start.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLanguage, type Language } from '../../shared/appearance';

export const CHROMIUM_LOCALES: Record<Language, string> = { en: 'en-US', es: 'es' };

/** The settings' language, or English when the file is missing, unreadable or says nothing. */
export function languageBeforeReady(userDataDir: string): Language {
  try {
    const raw: unknown = JSON.parse(readFileSync(join(userDataDir, 'settings.json'), 'utf8'));
    const language = (raw as { language?: unknown } | null)?.language;
    return isLanguage(language) ? language : 'en';
  } catch {
    // No file yet or a corrupt one: the settings store reports that once it opens.
    return 'en';
  }
}
