// The CLI's configuration file: accounts and alert preferences, written by hand. Secrets never go
// here. The file is only read: a mistake in it is reported (where, and what to write instead) on
// every run until it is fixed, and the file is left as it is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { sharedHomeDir } from '../core/shared-home';
import { AccountSchema, type Account } from '../../shared/account';
import { ACCOUNT_PROBLEMS, ACCOUNT_PROBLEM_TEXT } from '../../shared/account-check';
import { translator, type Translate } from '../../shared/i18n/translate';
import { LanguageSchema, type Language } from '../../shared/settings';
import {
  AlertPreferencesSchema,
  DEFAULT_ALERT_PREFERENCES,
  type AlertPreferences,
} from '../../shared/alert';
import { isSensitiveKey } from '../core/logger';
import { locateJsonError } from './json-error';

/**
 * Where the CLI keeps its files: `$TASKTRAY_HOME`, else `~/.config/tasktray` (XDG) — the folder
 * the tray app counts requests and sign-ins in too.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return sharedHomeDir(env);
}

export interface LoadedConfig {
  path: string;
  accounts: Account[];
  preferences: AlertPreferences;
  /** The language the file asks for, or null (the environment's locale decides). */
  language: Language | null;
  /** What is wrong with the file, each in words that say what to fix. */
  problems: string[];
}

const TOP_LEVEL_KEYS = ['accounts', 'alerts', 'language', '$schema'];

// Values that are credentials whatever key they sit under.
const SECRET_VALUE = /^(Bearer\s|Basic\s|eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.|gtk_)/;

const normalized = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The known key a misspelt one most likely meant (`timezone` → `timeZone`), if any is close. */
export function suggestKey(key: string, known: readonly string[]): string | null {
  const wanted = normalized(key);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(wanted, normalized(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(wanted.length / 4)) ? best : null;
}

function unknownKeyProblem(
  path: string,
  key: string,
  known: readonly string[],
  t: Translate,
): string {
  const suggestion = suggestKey(key, known);
  return suggestion
    ? t('cli.config.unknownKeySuggest', { key: `${path}${key}`, suggestion })
    : t('cli.config.unknownKey', { key: `${path}${key}`, known: known.join(', ') });
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault
    )
      current = current.unwrap() as z.ZodType;
    else return current;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys the schema does not know, anywhere in `value`: zod would drop them without a word. */
function unknownKeys(value: unknown, schema: z.ZodType, path: string, t: Translate): string[] {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodArray && Array.isArray(value))
    return value.flatMap((item, i) =>
      unknownKeys(item, inner.element as z.ZodType, `${path}[${i}]`, t),
    );
  if (!isRecord(value)) return [];
  if (inner instanceof z.ZodDiscriminatedUnion) {
    const option = (inner.options as z.ZodType[]).find((o) => {
      const candidate = unwrap(o);
      if (!(candidate instanceof z.ZodObject)) return false;
      const tag = (candidate.shape as Record<string, z.ZodType>)[inner.def.discriminator];
      return tag?.safeParse(value[inner.def.discriminator]).success === true;
    });
    return option ? unknownKeys(value, option, path, t) : [];
  }
  if (!(inner instanceof z.ZodObject)) return [];
  const shape = inner.shape as Record<string, z.ZodType>;
  const known = Object.keys(shape);
  const prefix = path === '' ? '' : `${path}.`;
  return Object.entries(value).flatMap(([key, nested]) => {
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    return field
      ? unknownKeys(nested, field, `${prefix}${key}`, t)
      : [unknownKeyProblem(prefix, key, known, t)];
  });
}

/** Where the value holds a secret: a key of any spelling for one, or a value that is one. */
function findSecrets(value: unknown, path: string): string[] {
  if (typeof value === 'string') return SECRET_VALUE.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => findSecrets(item, `${path}[${i}]`));
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([key, nested]) => {
    const at = path === '' ? key : `${path}.${key}`;
    return isSensitiveKey(key) ? [at] : findSecrets(nested, at);
  });
}

/** The schema's own words for an account problem (English), back to the problem's code. */
const PROBLEM_BY_TEXT = new Map(ACCOUNT_PROBLEMS.map((code) => [ACCOUNT_PROBLEM_TEXT[code], code]));

/** Zod's own messages in the reader's language (English is zod's default). */
function parseOptions(t: Translate): { error?: z.core.$ZodErrorMap } {
  return t.language === 'es' ? { error: z.locales.es().localeError } : {};
}

function issues(error: z.ZodError, t: Translate): string {
  return error.issues
    .map((i) => {
      const code = PROBLEM_BY_TEXT.get(i.message);
      const message = code ? t(`cli.problem.${code}`) : i.message;
      return `${i.path.join('.') || t('cli.config.wholeAccount')} ${message}`;
    })
    .join('; ');
}

function jsonReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/, "[\s\S]*" is not valid JSON$/, '')
    .replace(/ in JSON at position \d+[\s\S]*$/, '');
}

export function loadConfig(dir: string, t: Translate = translator('en')): LoadedConfig {
  const path = join(dir, 'config.json');
  const empty = (problems: string[]): LoadedConfig => ({
    path,
    accounts: [],
    preferences: DEFAULT_ALERT_PREFERENCES,
    language: null,
    problems,
  });
  let text: string;
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return empty([]);
    return empty([t('cli.config.unreadable', { path, reason: (error as Error).message })]);
  }
  if (text.trim() === '') return empty([]);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const place = locateJsonError(text);
    const reason = jsonReason(error);
    return empty([
      place
        ? t('cli.config.notJsonAt', { path, line: place.line, column: place.column, reason })
        : t('cli.config.notJson', { path, reason }),
    ]);
  }
  if (!isRecord(raw))
    return empty([t('cli.config.notObject', { path, example: '{"accounts": [ … ]}' })]);

  const problems: string[] = [];
  for (const key of Object.keys(raw))
    if (!TOP_LEVEL_KEYS.includes(key)) problems.push(unknownKeyProblem('', key, TOP_LEVEL_KEYS, t));

  let preferences = DEFAULT_ALERT_PREFERENCES;
  if (raw.alerts !== undefined) {
    const secrets = findSecrets(raw.alerts, 'alerts');
    const unknown = unknownKeys(raw.alerts, AlertPreferencesSchema, 'alerts', t);
    const parsed = AlertPreferencesSchema.partial().safeParse(raw.alerts, parseOptions(t));
    if (secrets.length > 0) problems.push(t('cli.config.secrets', { paths: secrets.join(', ') }));
    problems.push(...unknown);
    if (!parsed.success) problems.push(`alerts: ${issues(parsed.error, t)}`);
    else preferences = { ...DEFAULT_ALERT_PREFERENCES, ...parsed.data };
  }

  let language: Language | null = null;
  if (raw.language !== undefined) {
    const parsed = LanguageSchema.safeParse(raw.language, parseOptions(t));
    if (parsed.success) language = parsed.data;
    else problems.push(`language: ${issues(parsed.error, t)}`);
  }

  const accounts: Account[] = [];
  const rawAccounts = raw.accounts ?? [];
  if (!Array.isArray(rawAccounts)) {
    problems.push(t('cli.config.accountsNotList', { example: '"accounts": [ { … }, … ]' }));
    return { path, accounts, preferences, language, problems };
  }
  const ids = new Set<string>();
  rawAccounts.forEach((entry: unknown, index) => {
    const where = `accounts[${index}]`;
    const secrets = findSecrets(entry, where);
    if (secrets.length > 0) {
      const id = isRecord(entry) && typeof entry.id === 'string' ? entry.id : '<account>';
      problems.push(
        t('cli.config.accountSecrets', {
          where,
          keys: secrets.map((s) => s.slice(where.length + 1)).join(', '),
          id,
        }),
      );
      return;
    }
    const unknown = unknownKeys(entry, AccountSchema, where, t);
    if (unknown.length > 0) {
      problems.push(...unknown);
      return;
    }
    const account = AccountSchema.safeParse(entry, parseOptions(t));
    if (!account.success) {
      problems.push(`${where}: ${issues(account.error, t)}`);
      return;
    }
    if (ids.has(account.data.id)) {
      problems.push(t('cli.config.idTwice', { where, id: account.data.id }));
      return;
    }
    ids.add(account.data.id);
    accounts.push(account.data);
  });
  return { path, accounts, preferences, language, problems };
}
