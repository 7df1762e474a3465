// The catalog syntax and Intl formats, without the catalogs beyond English: `{name}` placeholders,
// plurals as `{count, plural, one {# task} other {# tasks}}` chosen by Intl.PluralRules, relative
// times by Intl.RelativeTimeFormat. English fills any gap. The windows load other languages lazily.
import type { Language } from '../appearance';
import type { CliMessageKey } from './cli-en';
import { en, type MessageKey } from './en';

export type { MessageKey } from './en';
export type Params = Readonly<Record<string, string | number>>;
/**
 * A lookup in one language; it knows which, for the Intl formats beside the words. The CLI's keys
 * type-check everywhere, but only the CLI's translator (shared/i18n/translate) holds their words.
 */
export type Translate = ((key: MessageKey | CliMessageKey, params?: Params) => string) & {
  readonly language: Language;
};
/** A language's table: the shared catalog, and the CLI's words where this translator needs them. */
export type Table = Readonly<Record<MessageKey, string>> &
  Readonly<Partial<Record<CliMessageKey, string>>>;

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** The index of the `}` that closes the `{` at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** `one {…} other {…}` → { one: '…', other: '…' } */
function pluralBranches(spec: string): Map<string, string> {
  const branches = new Map<string, string>();
  let i = 0;
  while (i < spec.length) {
    const match = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(spec.slice(i));
    if (!match) break;
    const open = i + match[0].length - 1;
    const close = closing(spec, open);
    if (close < 0) break;
    branches.set(match[1] ?? 'other', spec.slice(open + 1, close));
    i = close + 1;
  }
  return branches;
}

const PLURAL = /^\s*(\w+)\s*,\s*plural\s*,([\s\S]*)$/;

function render(template: string, params: Params | undefined, rules: Intl.PluralRules): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    const close = open < 0 ? -1 : closing(template, open);
    if (close < 0) return out + template.slice(i);
    out += template.slice(i, open);
    const inner = template.slice(open + 1, close);
    const plural = PLURAL.exec(inner);
    if (plural) {
      const value = params?.[plural[1] ?? ''];
      const n = typeof value === 'number' ? value : Number(value);
      const branches = pluralBranches(plural[2] ?? '');
      const branch =
        branches.get(`=${n}`) ?? branches.get(rules.select(n)) ?? branches.get('other') ?? '';
      out += render(branch.replaceAll('#', String(value ?? '')), params, rules);
    } else if (params && Object.hasOwn(params, inner)) {
      out += String(params[inner]);
    } else {
      out += `{${inner}}`;
    }
    i = close + 1;
  }
  return out;
}

// Intl objects are costly to build and the engine words every alert: one of each per language.
const pluralRules = new Map<Language, Intl.PluralRules>();
const relativeFormats = new Map<Language, Intl.RelativeTimeFormat>();

function rulesFor(language: Language): Intl.PluralRules {
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
  return rules;
}

/** Fills a template written in this catalog syntax; exported for tests and error texts. */
export function formatMessage(template: string, language: Language, params?: Params): string {
  return render(template, params, rulesFor(language));
}

/** A translator over one table; English fills any key the table lacks. */
export function translatorFor(table: Table, language: Language, fallback: Table = en): Translate {
  const rules = rulesFor(language);
  const t = (key: MessageKey | CliMessageKey, params?: Params) =>
    render(table[key] ?? fallback[key] ?? key, params, rules);
  return Object.assign(t, { language });
}

/** The placeholder names a template uses, plural selectors and the ones inside branches too. */
export function placeholders(template: string): string[] {
  const names = new Set<string>();
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    const close = open < 0 ? -1 : closing(template, open);
    if (close < 0) break;
    const inner = template.slice(open + 1, close);
    const plural = PLURAL.exec(inner);
    if (plural) {
      names.add(plural[1] ?? '');
      for (const branch of pluralBranches(plural[2] ?? '').values()) {
        for (const name of placeholders(branch)) names.add(name);
      }
    } else {
      names.add(inner);
    }
    i = close + 1;
  }
  return [...names].sort();
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "in 2 hours", "3 days ago", "tomorrow", "this minute" — Intl's words for a distance in time. */
export function relativeTime(deltaMs: number, language: Language): string {
  let format = relativeFormats.get(language);
  if (!format) {
    format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
    relativeFormats.set(language, format);
  }
  const size = Math.abs(deltaMs);
  const sign = deltaMs < 0 ? -1 : 1;
  if (size < HOUR) return format.format(sign * Math.round(size / MINUTE), 'minute');
  if (size < DAY) return format.format(sign * Math.round(size / HOUR), 'hour');
  return format.format(sign * Math.round(size / DAY), 'day');
}

/** "due in 2 hours" / "was due 3 hours ago" / "no due time", in the given language. */
export function describeDueIn(dueMs: number | null, now: number, t: Translate): string {
  if (dueMs === null) return t('due.none');
  const delta = dueMs - now;
  const when = relativeTime(delta, t.language);
  return delta >= 0 ? t('due.in', { when }) : t('due.overdue', { when });
}

const instantFormats = new Map<Language, Intl.DateTimeFormat>();

/** A date and time as the user's language writes it. */
export function formatInstant(ms: number, language: Language): string {
  let format = instantFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    instantFormats.set(language, format);
  }
  return format.format(ms);
}

/**
 * Builds a language's plural rules and relative-time format ahead of need: the first of each
 * loads the locale's data (~20 ms on a slow machine), which a window would rather spend while its
 * state is on the way than between the state's arrival and the list's first paint.
 */
export function warmFormats(language: Language): void {
  rulesFor(language);
  relativeTime(0, language);
}

/** A clock time ("14:00"), with the weekday when it is not today. */
export function formatClock(ms: number, now: number, language: Language): string {
  const at = new Date(ms);
  const time = at.toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' });
  return new Date(now).toDateString() === at.toDateString()
    ? time
    : `${at.toLocaleDateString(language, { weekday: 'short' })} ${time}`;
}
