// The CLI's configuration file: accounts and alert preferences. Secrets never go here.
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
import { openConf } from './conf-store';

/** Where the CLI keeps its files: `$TASKTRAY_HOME`, else `~/.config/tasktray` (XDG). */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TASKTRAY_HOME) return env.TASKTRAY_HOME;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'tasktray');
}

const SECRET_LIKE =
  /^(password|secret|token|apikey|api_key|clientsecret|accesstoken|refreshtoken)$/i;

const CliConfigSchema = z.object({
  accounts: z.array(z.unknown()).default([]),
  alerts: AlertPreferencesSchema.partial().default({}),
  /** The language of alert texts; LC_ALL, LC_MESSAGES or LANG decide when it is not set. */
  language: LanguageSchema.optional(),
});

export interface LoadedConfig {
  path: string;
  accounts: Account[];
  preferences: AlertPreferences;
  /** The language the file asks for, or null (the environment's locale decides). */
  language: Language | null;
  /** What is wrong with the file, each in words that say what to fix. */
  problems: string[];
}

function findSecretKeys(value: unknown, path: string[] = []): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    SECRET_LIKE.test(key) ? [[...path, key].join('.')] : findSecretKeys(inner, [...path, key]),
  );
}

export function loadConfig(dir: string): LoadedConfig {
  const { conf, keptAside } = openConf(dir, 'config');
  const problems: string[] = [];
  if (keptAside) {
    problems.push(
      `The config file was not valid JSON; it was kept as ${keptAside} and an empty one started.`,
    );
  }
  const parsed = CliConfigSchema.safeParse(conf.store);
  if (!parsed.success) {
    problems.push(
      `${conf.path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
    return {
      path: conf.path,
      accounts: [],
      preferences: DEFAULT_ALERT_PREFERENCES,
      language: null,
      problems,
    };
  }
  const accounts: Account[] = [];
  const ids = new Set<string>();
  parsed.data.accounts.forEach((raw, index) => {
    const secrets = findSecretKeys(raw);
    if (secrets.length > 0) {
      problems.push(
        `accounts[${index}] has ${secrets.join(', ')}: secrets do not belong in the config file. Remove them and run \`tasktray secret set\`.`,
      );
      return;
    }
    const account = AccountSchema.safeParse(raw);
    if (!account.success) {
      const where = account.error.issues
        .map((i) => `${i.path.join('.') || '(account)'} ${i.message}`)
        .join('; ');
      problems.push(`accounts[${index}]: ${where}`);
      return;
    }
    if (ids.has(account.data.id)) {
      problems.push(`accounts[${index}]: the id "${account.data.id}" is used twice.`);
      return;
    }
    ids.add(account.data.id);
    accounts.push(account.data);
  });
  return {
    path: conf.path,
    accounts,
    preferences: { ...DEFAULT_ALERT_PREFERENCES, ...parsed.data.alerts },
    language: parsed.data.language ?? null,
    problems,
  };
}
