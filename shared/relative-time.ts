// "due in 2 hours" / "was due 3 hours ago": due times as people read them, in their language,
// shared by notifications, the CLI and the windows (Intl.RelativeTimeFormat picks the words).
import type { Language } from './appearance';
import { describeDueIn, translator } from './i18n/translate';

/** "due in 2 hours", "was due 3 hours ago", or null when there is no due time. */
export function describeDue(
  dueMs: number | null,
  now: number,
  language: Language = 'en',
): string | null {
  if (dueMs === null) return null;
  return describeDueIn(dueMs, now, translator(language));
}
