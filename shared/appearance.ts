// Theme and language choices, without zod: the windows' bundle reads these, the settings schema
// reuses them.

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

/**
 * The language a POSIX locale names (`es_ES.UTF-8`, `es`, `C`), or null when Tasktray does not
 * speak it. The CLI reads LC_ALL, LC_MESSAGES and LANG through this when its config names none.
 */
export function languageFromLocale(locale: string | undefined | null): Language | null {
  const code =
    (locale ?? '')
      .trim()
      .toLowerCase()
      .split(/[_.@-]/)[0] ?? '';
  return isLanguage(code) ? code : null;
}

/** The first of LC_ALL, LC_MESSAGES, LANG that is set decides, as POSIX has it; English otherwise. */
export function languageFromEnv(env: Readonly<Record<string, string | undefined>>): Language {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find(
    (value) => value !== undefined && value !== '',
  );
  return languageFromLocale(locale) ?? 'en';
}
