// The CLI's configuration file: accounts and alert preferences, written by hand. Secrets never go
// here. The file is only read: a mistake in it is reported (where, and what to write instead) on
// every run until it is fixed, and the file is left as it is.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { AccountSchema, type Account } from '../../shared/account';
import { LanguageSchema, type Language } from '../../shared/settings';
import {
  AlertPreferencesSchema,
  DEFAULT_ALERT_PREFERENCES,
  type AlertPreferences,
} from '../../shared/alert';
import { isSensitiveKey } from '../core/logger';
import { locateJsonError } from './json-error';

/** Where the CLI keeps its files: `$TASKTRAY_HOME`, else `~/.config/tasktray` (XDG). */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TASKTRAY_HOME) return env.TASKTRAY_HOME;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'tasktray');
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

function unknownKeyProblem(path: string, key: string, known: readonly string[]): string {
  const suggestion = suggestKey(key, known);
  return suggestion
    ? `${path}${key} is not a setting Tasktray knows: did you mean "${suggestion}"?`
    : `${path}${key} is not a setting Tasktray knows; the settings here are ${known.join(', ')}.`;
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
function unknownKeys(value: unknown, schema: z.ZodType, path: string): string[] {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodArray && Array.isArray(value))
    return value.flatMap((item, i) =>
      unknownKeys(item, inner.element as z.ZodType, `${path}[${i}]`),
    );
  if (!isRecord(value)) return [];
  if (inner instanceof z.ZodDiscriminatedUnion) {
    const option = (inner.options as z.ZodType[]).find((o) => {
      const candidate = unwrap(o);
      if (!(candidate instanceof z.ZodObject)) return false;
      const tag = (candidate.shape as Record<string, z.ZodType>)[inner.def.discriminator];
      return tag?.safeParse(value[inner.def.discriminator]).success === true;
    });
    return option ? unknownKeys(value, option, path) : [];
  }
  if (!(inner instanceof z.ZodObject)) return [];
  const shape = inner.shape as Record<string, z.ZodType>;
  const known = Object.keys(shape);
  const prefix = path === '' ? '' : `${path}.`;
  return Object.entries(value).flatMap(([key, nested]) => {
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    return field
      ? unknownKeys(nested, field, `${prefix}${key}`)
      : [unknownKeyProblem(prefix, key, known)];
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

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(account)'} ${i.message}`).join('; ');
}

function jsonReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/, "[\s\S]*" is not valid JSON$/, '')
    .replace(/ in JSON at position \d+[\s\S]*$/, '');
}

export function loadConfig(dir: string): LoadedConfig {
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
    return empty([`${path} could not be read: ${(error as Error).message}`]);
  }
  if (text.trim() === '') return empty([]);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const place = locateJsonError(text);
    const where = place ? ` at line ${place.line}, column ${place.column}` : '';
    return empty([
      `${path} is not valid JSON${where} (${jsonReason(error)}). No account is read from it until it is fixed.`,
    ]);
  }
  if (!isRecord(raw))
    return empty([`${path} must hold a JSON object, such as {"accounts": [ … ]}.`]);

  const problems: string[] = [];
  for (const key of Object.keys(raw))
    if (!TOP_LEVEL_KEYS.includes(key)) problems.push(unknownKeyProblem('', key, TOP_LEVEL_KEYS));

  let preferences = DEFAULT_ALERT_PREFERENCES;
  if (raw.alerts !== undefined) {
    const secrets = findSecrets(raw.alerts, 'alerts');
    const unknown = unknownKeys(raw.alerts, AlertPreferencesSchema, 'alerts');
    const parsed = AlertPreferencesSchema.partial().safeParse(raw.alerts);
    if (secrets.length > 0)
      problems.push(`${secrets.join(', ')}: secrets do not belong in the config file.`);
    problems.push(...unknown);
    if (!parsed.success) problems.push(`alerts: ${issues(parsed.error)}`);
    else preferences = { ...DEFAULT_ALERT_PREFERENCES, ...parsed.data };
  }

  let language: Language | null = null;
  if (raw.language !== undefined) {
    const parsed = LanguageSchema.safeParse(raw.language);
    if (parsed.success) language = parsed.data;
    else problems.push(`language: ${issues(parsed.error)}`);
  }

  const accounts: Account[] = [];
  const rawAccounts = raw.accounts ?? [];
  if (!Array.isArray(rawAccounts)) {
    problems.push('accounts must be a list: "accounts": [ { … }, … ].');
    return { path, accounts, preferences, language, problems };
  }
  const ids = new Set<string>();
  rawAccounts.forEach((entry: unknown, index) => {
    const where = `accounts[${index}]`;
    const secrets = findSecrets(entry, where);
    if (secrets.length > 0) {
      const id = isRecord(entry) && typeof entry.id === 'string' ? entry.id : '<account>';
      problems.push(
        `${where} has ${secrets.map((s) => s.slice(where.length + 1)).join(', ')}: secrets do not belong in the config file. Remove them and run \`tasktray secret set ${id} <name>\`.`,
      );
      return;
    }
    const unknown = unknownKeys(entry, AccountSchema, where);
    if (unknown.length > 0) {
      problems.push(...unknown);
      return;
    }
    const account = AccountSchema.safeParse(entry);
    if (!account.success) {
      problems.push(`${where}: ${issues(account.error)}`);
      return;
    }
    if (ids.has(account.data.id)) {
      problems.push(`${where}: the id "${account.data.id}" is used twice.`);
      return;
    }
    ids.add(account.data.id);
    accounts.push(account.data);
  });
  return { path, accounts, preferences, language, problems };
}
