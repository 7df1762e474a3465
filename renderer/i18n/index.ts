// A tiny typed lookup: English and Spanish tables, `{name}` placeholders, English as fallback.
import type { Language } from '../../shared/settings';
import { en, type MessageKey } from './en';
import { es } from './es';

export type { MessageKey } from './en';
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

const TABLES: Record<Language, Record<MessageKey, string>> = { en, es };

export function translator(language: Language): Translate {
  const table = TABLES[language];
  return (key, params) => {
    const text = table[key] ?? en[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.hasOwn(params, name) ? String(params[name]) : whole,
    );
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function span(ms: number, t: Translate): string {
  if (ms < MINUTE) return t('span.lessThanMinute');
  if (ms < HOUR) return t('span.min', { n: Math.round(ms / MINUTE) });
  if (ms < DAY) return t('span.h', { n: Math.round(ms / HOUR) });
  return t('span.d', { n: Math.round(ms / DAY) });
}

/** "due in 2 h" / "3 h overdue" in the window's language; the same spans as shared/relative-time. */
export function describeDueIn(dueMs: number | null, now: number, t: Translate): string {
  if (dueMs === null) return t('due.none');
  const delta = dueMs - now;
  return delta >= 0
    ? t('due.in', { span: span(delta, t) })
    : t('due.overdue', { span: span(-delta, t) });
}

/** A date and time as the user's language writes it. */
export function formatInstant(ms: number, language: Language): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}
