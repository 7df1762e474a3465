// Settings and engine state in electron-store files. Settings are read through shared/settings
// (migrations, defaults, validation); a file that cannot be read is kept aside, replaced by
// defaults and reported — never a crash. Secrets never go here: the schema has no place for them.
import { copyFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import Store from 'electron-store';
import type { SettingsPort } from '../app/app-service';
import { keptAsideName, openKeepingAside } from '../core/keep-aside';
import type { KeyValueStore } from '../core/ports';
import { VendorError } from '../core/vendor-error';
import {
  DEFAULT_SETTINGS,
  SettingsSchema,
  readSettings,
  type Settings,
} from '../../shared/settings';

type AnyStore = Store<Record<string, unknown>>;

export interface OpenedStore {
  store: AnyStore;
  /** Where an unreadable file was kept, or null. */
  keptAside: string | null;
}

/** Opens `<dir>/<name>.json`; a file that is not JSON is moved aside and a fresh one started. */
export function openStore(dir: string, name: string, now = Date.now()): OpenedStore {
  const open = () => {
    const store = new Store<Record<string, unknown>>({
      cwd: dir,
      name,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
    });
    void store.store; // conf parses lazily in places; touch the data so a bad file fails here
    return store;
  };
  return openKeepingAside(`${dir}/${name}.json`, open, now);
}

/** A message for the windows and a notification when the settings had to be reset. */
export interface SettingsProblem {
  /** A notification's title: the settings were reset, or some accounts were left out. */
  title: string;
  message: string;
  keptAside: string;
}

export class ElectronSettings implements SettingsPort {
  private current: Settings;
  readonly problem: SettingsProblem | null;
  readonly migratedFrom: number | null;
  /** No settings file existed: the first run. */
  readonly fresh: boolean;
  /** Why the settings could not be written at start (defaults, a migration), else null. */
  readonly unsaved: string | null = null;
  /** Told of every write that failed (the shell notifies and logs); the caller also gets an error. */
  onWriteFailure: ((reason: string) => void) | null = null;

  constructor(
    private readonly store: AnyStore,
    opened: { keptAside: string | null; now?: number },
  ) {
    const now = opened.now ?? Date.now();
    let problem: SettingsProblem | null = opened.keptAside
      ? {
          title: 'Tasktray settings were reset',
          message: 'Your settings file could not be read, so Tasktray started from defaults.',
          keptAside: opened.keptAside,
        }
      : null;
    const raw = store.store;
    const empty = Object.keys(raw).length === 0;
    this.fresh = empty && opened.keptAside === null;
    const result = empty ? null : readSettings(raw);
    if (result === null) {
      this.current = DEFAULT_SETTINGS;
      this.migratedFrom = null;
    } else if (result.ok) {
      this.current = result.settings;
      this.migratedFrom = result.migratedFrom;
      if (result.skippedAccounts.length > 0) {
        // The file still holds them: copy it aside before the next write drops them.
        const keptAside = keptAsideName(store.path, now);
        if (existsSync(store.path)) copyFileSync(store.path, keptAside);
        const count = result.skippedAccounts.length;
        problem = {
          title: `Tasktray left out ${count === 1 ? 'an account' : `${count} accounts`}`,
          message: `${count === 1 ? 'An account' : `${count} accounts`} in your settings could not be used (${result.skippedAccounts.join('; ')}); the rest of your settings are kept. Add ${count === 1 ? 'it' : 'them'} again in Accounts.`,
          keptAside,
        };
      }
    } else {
      const keptAside = keptAsideName(store.path, now);
      if (existsSync(store.path)) copyFileSync(store.path, keptAside);
      problem = {
        title: 'Tasktray settings were reset',
        message: `Your settings could not be used (${result.problem}), so Tasktray started from defaults.`,
        keptAside,
      };
      this.current = DEFAULT_SETTINGS;
      this.migratedFrom = null;
    }
    this.problem = problem;
    if (empty || this.migratedFrom !== null || problem !== null) {
      // A disk that refuses the write must not stop the app: it runs on what it read, and says so.
      try {
        this.persist(this.current);
      } catch (error) {
        this.unsaved = reasonOf(error);
      }
    }
  }

  /** The folder the settings file is in, for messages. */
  get folder(): string {
    return dirname(this.store.path);
  }

  read(): Settings {
    return this.current;
  }

  write(settings: Settings): void {
    // Validated on the way in too: nothing outside the schema (a secret, say) ever reaches the file.
    const valid = SettingsSchema.parse(settings);
    try {
      this.persist(valid);
    } catch (error) {
      const reason = reasonOf(error);
      this.onWriteFailure?.(reason);
      throw new VendorError('internal', '', {
        code: 'error.settingsNotSaved',
        params: { reason, folder: this.folder },
        hintCode: 'hint.checkDisk',
        cause: error,
      });
    }
    this.current = valid;
  }

  private persist(settings: Settings): void {
    this.store.store = { ...settings };
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The engine's persisted state (seen alerts, outbox, snapshots) in its own file. */
export class ElectronStateStore implements KeyValueStore {
  constructor(private readonly store: AnyStore) {}

  get(key: string): unknown {
    return this.store.get(key);
  }

  set(key: string, value: unknown): void {
    this.store.set(key, value);
  }

  delete(key: string): void {
    this.store.delete(key);
  }
}
