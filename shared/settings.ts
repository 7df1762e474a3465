// The app's settings: one schema, its defaults in one place, and migrations from older files.
// Secrets are never part of them (they live in the OS keychain).
import { z } from 'zod';
import { AccountSchema } from './account';
import { AlertPreferencesSchema, DEFAULT_ALERT_PREFERENCES } from './alert';
import { LANGUAGES, THEMES } from './appearance';

export { LANGUAGES, THEMES, type Language, type Theme } from './appearance';
export const LanguageSchema = z.enum(LANGUAGES);

export const SETTINGS_VERSION = 1;

/** An Electron accelerator: modifiers and one key, e.g. `CommandOrControl+Alt+T`. */
export const AcceleratorSchema = z
  .string()
  .max(60)
  .regex(
    /^((CommandOrControl|CmdOrCtrl|Command|Cmd|Control|Ctrl|Alt|Option|AltGr|Shift|Super|Meta)\+)+([A-Z0-9]|F([1-9]|1[0-9]|2[0-4])|Space|Tab|Enter|Escape|Up|Down|Left|Right|Home|End|PageUp|PageDown|Insert|Delete|Backspace|[`\-=[\];',./\\])$/,
    'modifiers and one key, such as CommandOrControl+Alt+T',
  );

export const GlobalShortcutSchema = z.object({
  enabled: z.boolean(),
  accelerator: AcceleratorSchema,
});
export type GlobalShortcutSetting = z.infer<typeof GlobalShortcutSchema>;

/** The global shortcut as the OS took it: off, held, taken by another app, or not in this host. */
export const SHORTCUT_STATUSES = ['off', 'on', 'taken', 'unavailable'] as const;
export type ShortcutStatus = (typeof SHORTCUT_STATUSES)[number];

export const SettingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  theme: z.enum(THEMES),
  language: LanguageSchema,
  /** Open at login, hidden in the tray. The real state is the OS's; this is what the user asked for. */
  startAtLogin: z.boolean(),
  notifications: AlertPreferencesSchema,
  accounts: z.array(AccountSchema),
  /** A system-wide key that opens the popup on the most urgent task; off unless the user asks. */
  globalShortcut: GlobalShortcutSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  theme: 'system',
  language: 'en',
  startAtLogin: true,
  notifications: DEFAULT_ALERT_PREFERENCES,
  accounts: [],
  globalShortcut: { enabled: false, accelerator: 'CommandOrControl+Alt+T' },
};

/** What the windows may change in one call; accounts have their own calls (secrets go with them). */
export const SettingsPatchSchema = SettingsSchema.omit({ version: true, accounts: true })
  .extend({ notifications: AlertPreferencesSchema.partial() })
  .partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/** Migrations by the version they upgrade from: version N's file becomes version N+1. */
export const SETTINGS_MIGRATIONS: Record<number, Migration> = {
  // Version 0 was the unversioned preview format: `quietHours` sat at the top level.
  0: (old) => {
    const { quietHours, notifications, ...rest } = old;
    const prefs = typeof notifications === 'object' && notifications !== null ? notifications : {};
    return {
      ...rest,
      notifications: { ...prefs, ...(quietHours === undefined ? {} : { quietHours }) },
      version: 1,
    };
  },
};

export type SettingsReadResult =
  | {
      ok: true;
      settings: Settings;
      migratedFrom: number | null;
      /** Accounts left out because they do not validate, each in words (`accounts[1] (id "x"): …`). */
      skippedAccounts: string[];
    }
  | { ok: false; problem: string };

/** Keeps the accounts that validate, as the CLI does with its config: one bad account costs only itself. */
function validAccounts(raw: unknown): { accounts: unknown; skipped: string[] } {
  if (!Array.isArray(raw)) return { accounts: raw, skipped: [] };
  const accounts: unknown[] = [];
  const skipped: string[] = [];
  const ids = new Set<string>();
  raw.forEach((candidate: unknown, index) => {
    const parsed = AccountSchema.safeParse(candidate);
    const id = (candidate as { id?: unknown } | null)?.id;
    const name = `accounts[${index}]${typeof id === 'string' ? ` (id "${id}")` : ''}`;
    if (!parsed.success) {
      const where = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(account)'}: ${issue.message}`)
        .join('; ');
      skipped.push(`${name}: ${where}`);
    } else if (ids.has(parsed.data.id)) {
      skipped.push(`${name}: the id is used twice`);
    } else {
      ids.add(parsed.data.id);
      accounts.push(candidate);
    }
  });
  return { accounts, skipped };
}

/** Reads a settings object of any known version: migrated, defaults filled, validated. */
export function readSettings(raw: unknown): SettingsReadResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problem: 'the settings are not an object' };
  }
  let value = raw as Record<string, unknown>;
  const start = typeof value.version === 'number' ? value.version : 0;
  if (start > SETTINGS_VERSION) {
    return {
      ok: false,
      problem: `the settings were written by a newer Tasktray (version ${start})`,
    };
  }
  for (let version = start; version < SETTINGS_VERSION; version += 1) {
    const migrate = SETTINGS_MIGRATIONS[version];
    if (!migrate) return { ok: false, problem: `no migration from settings version ${version}` };
    value = migrate(value);
  }
  const withDefaults = {
    ...DEFAULT_SETTINGS,
    ...value,
    notifications: {
      ...DEFAULT_SETTINGS.notifications,
      ...(value.notifications as object | undefined),
    },
  };
  const { accounts, skipped } = validAccounts(withDefaults.accounts);
  const parsed = SettingsSchema.safeParse({ ...withDefaults, accounts });
  if (!parsed.success) {
    const problem = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    return { ok: false, problem };
  }
  return {
    ok: true,
    settings: parsed.data,
    migratedFrom: start === SETTINGS_VERSION ? null : start,
    skippedAccounts: skipped,
  };
}
