// The IPC contract's one implementation: every call a window can make, over the engine, the
// settings and the keychain. The Electron shell serves it through ipcMain; the browser test host
// serves the very same object over a local HTTP transport.
import type { Account, SecretName } from '../../shared/account';
import type { AlertPreferences } from '../../shared/alert';
import type { AdapterCapabilities } from '../../shared/capabilities';
import type { VendorErrorKind } from '../../shared/errors';
import type { MessageKey } from '../../shared/i18n/format';
import { translator } from '../../shared/i18n/translate';
import {
  SAVE_FAILURE_QUIET_MS,
  saveFailureOf,
  saveKind,
  type SaveFailure,
} from '../../shared/save-failures';
import type {
  AccountView,
  AppState,
  IpcChannel,
  IpcEventChannel,
  IpcEventPayload,
  IpcResponse,
  IpcValidRequest,
  SaveFailureView,
} from '../../shared/ipc';
import type { Settings, ShortcutStatus } from '../../shared/settings';
import { toWireChanges } from '../../shared/task-row';
import type { AdapterDeps } from '../core/adapter';
import type { Engine } from '../core/engine';
import { ORIGINS_ENTRY, type SecretEntryName, type SecretStore } from '../core/ports';
import { CAPABILITIES, createAdapter } from '../core/registry';
import {
  checkStoredSecrets,
  forgetSecrets,
  originChangedError,
  rebindSecretsForSave,
  secretsToReenter,
  storedSecretNames,
  type StoredSecretsCheck,
} from '../core/secret-origins';
import { toVendorError, VendorError } from '../core/vendor-error';
import { TaskRowFeed } from './task-rows';

/** Where settings live (electron-store in the app); reads are validated by the implementation. */
export interface SettingsPort {
  read(): Settings;
  /** Done when the file has it (the engine host waits for main to write it). */
  write(settings: Settings): void | Promise<void>;
}

/** What only the shell can do. */
export interface AppHost {
  /** Opens a vendor page in the user's browser (already checked: https, or loopback for the demo). */
  openExternal(url: string): Promise<void>;
  /** Makes the OS start Tasktray at login (or not); resolves to the real state afterwards. */
  setStartAtLogin(enabled: boolean): Promise<boolean>;
  /** The global shortcut as the OS took it, after applying the current setting; none: unavailable. */
  shortcutStatus?(): ShortcutStatus | Promise<ShortcutStatus>;
  /** The folder a failed write of this key went to (`settings` or a state key); none: in memory. */
  saveFolder?(key: string): string;
}

/** The built-in demo: accounts on the vendor simulator, used while the user has none of their own. */
export interface DemoAccounts {
  accounts: Account[];
  secrets: SecretStore;
}

export type ServiceHandlers = {
  [C in Exclude<IpcChannel, `window:${string}`>]: (
    request: IpcValidRequest<C>,
  ) => Promise<IpcResponse<C>>;
};

export interface AppServiceOptions {
  engine: Engine;
  settings: SettingsPort;
  secrets: SecretStore;
  host: AppHost;
  demo: DemoAccounts | null;
  /** The engine's adapter dependencies, for testing an account before it is saved. */
  adapterDeps: AdapterDeps;
  emit: <E extends IpcEventChannel>(event: E, payload: IpcEventPayload<E>) => void;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Only vendor pages: https, or plain http on loopback (the simulator's pages in the demo). */
export function isOpenableVendorUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  } catch {
    return false;
  }
}

/**
 * A secret store that sees the secrets being typed first, then (when `base` is given: the stored
 * secrets were saved for the account's origins) the keychain: for "Test".
 */
function overlaySecrets(
  accountId: string,
  typed: Partial<Record<SecretName, string>>,
  base: SecretStore | null,
): SecretStore {
  const scratch = new Map<SecretEntryName, string>();
  return {
    get: async (id, name) => {
      if (id !== accountId) return base ? base.get(id, name) : null;
      const entered = name === ORIGINS_ENTRY ? undefined : typed[name];
      return scratch.get(name) ?? entered ?? (base ? base.get(id, name) : null);
    },
    // A test sign-in may hand out tokens: they stay in this scratch space, not in the keychain.
    set: async (id, name, value) => {
      if (id === accountId) scratch.set(name, value);
    },
    delete: async (id, name) => {
      if (id === accountId) scratch.delete(name);
    },
  };
}

/** How long the engine's changes to tasks gather before the windows hear of them, together. */
const ROWS_SETTLE_MS = 50;

const ACCOUNT_TEST_HINTS: Partial<Record<VendorErrorKind, MessageKey>> = {
  server: 'hint.testServer',
  network: 'hint.testNetwork',
  timeout: 'hint.testTimeout',
  rate_limited: 'hint.testRateLimited',
};

export class AppService {
  private demo: DemoAccounts | null;
  /** The windows' task list: rows, sent as changes (the detail comes from tasks:load). */
  private readonly rows: TaskRowFeed;
  private rowsTimer: ReturnType<typeof setTimeout> | null = null;
  /** Writes the disk refused, by key, until the user dismisses them. */
  private readonly saveFailures = new Map<string, SaveFailureView>();
  /** When the user last dismissed each kind of failed write. */
  private readonly savesDismissed = new Map<string, number>();

  constructor(private readonly options: AppServiceOptions) {
    this.demo = options.demo;
    const { engine, emit } = options;
    this.rows = new TaskRowFeed(engine, (changes) => emit('state:tasks', toWireChanges(changes)));
    engine.on('tasks', () => this.rowsChanged());
    engine.on('health', () => emit('state:health', engine.health()));
    engine.on('outbox', () => {
      emit('state:outbox', engine.outbox.list());
      // A task leaves the list while its completion is on its way, and may come back.
      this.rows.update();
    });
    engine.on('alert', (alert) => emit('alert', alert));
    engine.on('problem', (report) => {
      const failure = saveFailureOf(report);
      if (failure) this.saveFailed(failure);
    });
  }

  /**
   * A write the disk refused (the engine's state, or the settings file through the shell): the
   * windows show it until the user dismisses it. A full disk fails at every change, so a kind the
   * user dismissed stays quiet for a while, as its notification does.
   */
  saveFailed(failure: SaveFailure): void {
    const at = this.options.adapterDeps.clock.now();
    const dismissed = this.savesDismissed.get(saveKind(failure.key));
    if (dismissed !== undefined && at - dismissed < SAVE_FAILURE_QUIET_MS) return;
    this.saveFailures.set(failure.key, {
      key: failure.key,
      reason: failure.reason.slice(0, 2_000),
      folder: this.options.host.saveFolder?.(failure.key) ?? null,
      at,
    });
    this.options.emit('state:save-failures', [...this.saveFailures.values()]);
  }

  /**
   * The engine changed some tasks: the windows hear of it within ROWS_SETTLE_MS, in one message.
   * A first sync of thousands of tasks changes one task per detail read, many a second; each
   * message costs every window a pass over its whole list, and each comparison one over main's.
   */
  private rowsChanged(): void {
    if (this.rowsTimer) return;
    this.rowsTimer = setTimeout(() => {
      this.rowsTimer = null;
      this.rows.update();
    }, ROWS_SETTLE_MS);
    this.rowsTimer.unref?.();
  }

  /** The alert preferences as they are now: the engine reads them through this on every decision. */
  preferences(): AlertPreferences {
    return this.options.settings.read().notifications;
  }

  /** The accounts the engine should watch: the user's, or the demo's while there are none. */
  activeAccounts(accounts: Account[] = this.options.settings.read().accounts): {
    accounts: Account[];
    demo: boolean;
  } {
    if (accounts.length > 0 || !this.demo) return { accounts, demo: false };
    return { accounts: this.demo.accounts, demo: true };
  }

  /** The user has accounts of their own now: the demo is not shown again, even if they go. */
  endDemo(): void {
    this.demo = null;
  }

  /** The user removed their last account: the demo (on a fresh simulator) shows again. */
  async showDemo(demo: DemoAccounts): Promise<void> {
    this.demo = demo;
    await this.accountsChanged();
  }

  async start(): Promise<void> {
    await this.options.engine.setAccounts(this.activeAccounts().accounts);
    this.options.engine.start();
  }

  readonly handlers: ServiceHandlers = {
    'app:state': async () => this.state(),
    'tasks:load': async ({ taskId }) => this.options.engine.loadTask(taskId),
    'tasks:get': async ({ taskId }) => this.options.engine.task(taskId) ?? null,
    'tasks:complete': async ({ taskId, completion, claim }) =>
      this.options.engine.complete(taskId, completion, { claim: claim ?? false }),
    'tasks:reassign': async ({ taskId, target }) => this.options.engine.reassign(taskId, target),
    'tasks:claim': async ({ taskId }) => this.options.engine.claim(taskId),
    'tasks:release': async ({ taskId }) => this.options.engine.release(taskId),
    'tasks:assignees': async ({ taskId }) => this.options.engine.assignees(taskId),
    'tasks:comments': async ({ taskId }) => this.options.engine.comments(taskId),
    'tasks:add-comment': async ({ taskId, text }) => this.options.engine.addComment(taskId, text),
    'tasks:snooze': async ({ taskId, until }) => {
      this.options.engine.snooze(taskId, until);
      this.rows.update();
      return null;
    },
    'tasks:open-in-vendor': async ({ taskId }) => {
      const task = this.options.engine.task(taskId);
      if (!task?.webUrl) {
        throw new VendorError(
          'unsupported',
          'This task has no page in its vendor’s site that Tasktray knows of.',
        );
      }
      if (!isOpenableVendorUrl(task.webUrl)) {
        throw new VendorError('unsupported', 'Tasktray opens only https pages of the vendor.', {
          hintCode: 'hint.checkWebUrl',
        });
      }
      await this.options.host.openExternal(task.webUrl);
      return null;
    },
    'outbox:retry': async ({ itemId, op, claim }) =>
      this.options.engine.retry(itemId, op, { claim: claim ?? false }),
    'outbox:discard': async ({ itemId }) => {
      this.options.engine.outbox.discard(itemId);
      this.rows.update();
      return null;
    },
    'accounts:save': async ({ account, secrets, confirmSecretOrigins }) =>
      this.saveAccount(account, secrets, confirmSecretOrigins ?? null),
    'accounts:remove': async ({ accountId }) => {
      const settings = this.options.settings.read();
      if (!settings.accounts.some((a) => a.id === accountId)) {
        throw new VendorError('not_found', `There is no account “${accountId}”.`);
      }
      await forgetSecrets(this.options.secrets, accountId);
      await this.options.settings.write({
        ...settings,
        accounts: settings.accounts.filter((a) => a.id !== accountId),
      });
      await this.accountsChanged();
      return null;
    },
    'accounts:test': async ({ account, secrets, confirmSecretOrigins }) => {
      // Stored secrets fill in only for the origins they were saved for (or confirmed by name).
      const check = await this.storedSecretsFor(account, confirmSecretOrigins ?? null);
      if (!check.trusted) {
        const missing = secretsToReenter(account, check.stored, secrets);
        if (missing.length > 0)
          return {
            ok: false,
            error: originChangedError(account, check.savedFor, missing).toInfo(),
          };
      }
      const adapter = createAdapter(account, {
        ...this.options.adapterDeps,
        secrets: overlaySecrets(account.id, secrets, check.trusted ? this.options.secrets : null),
      });
      try {
        const tasks = await adapter.listOpenTasks();
        return { ok: true, userName: null, openTasks: tasks.length };
      } catch (error) {
        const info = toVendorError(error).toInfo();
        // Nothing retries a test of an account that may not even be saved: say what to do now.
        const hintCode = ACCOUNT_TEST_HINTS[info.kind];
        if (!hintCode) return { ok: false, error: info };
        return { ok: false, error: { ...info, hintCode, hint: translator('en')(hintCode) } };
      }
    },
    'accounts:sign-in': async ({ accountId }) => {
      const account = this.options.settings.read().accounts.find((a) => a.id === accountId);
      if (!account) throw new VendorError('not_found', `There is no account “${accountId}”.`);
      await this.options.engine.adapter(accountId).signIn();
      this.options.engine.refreshNow(accountId);
      return this.view(account);
    },
    'saves:dismiss': async ({ keys }) => {
      const now = this.options.adapterDeps.clock.now();
      for (const key of keys) {
        if (this.saveFailures.delete(key)) this.savesDismissed.set(saveKind(key), now);
      }
      this.options.emit('state:save-failures', [...this.saveFailures.values()]);
      return null;
    },
    'engine:refresh': async ({ accountId }) => {
      this.options.engine.refreshNow(accountId ?? undefined);
      return null;
    },
    'notifications:pause': async ({ until }) => {
      const settings = this.options.settings.read();
      await this.options.settings.write({
        ...settings,
        notifications: { ...settings.notifications, pausedUntil: until },
      });
      await this.settingsChanged();
      return null;
    },
    'settings:update': async (patch) => {
      const settings = this.options.settings.read();
      const next: Settings = {
        ...settings,
        ...patch,
        notifications: { ...settings.notifications, ...patch.notifications },
        accounts: settings.accounts,
      };
      if (patch.startAtLogin !== undefined && patch.startAtLogin !== settings.startAtLogin) {
        next.startAtLogin = await this.options.host.setStartAtLogin(patch.startAtLogin);
      }
      await this.options.settings.write(next);
      await this.settingsChanged();
      const { accounts: _accounts, ...rest } = next;
      return rest;
    },
  };

  private async state(): Promise<AppState> {
    const { engine } = this.options;
    // Settings read (and validated) once: a window's load costs the shared thread little.
    const { accounts, ...settings } = this.options.settings.read();
    const active = this.activeAccounts(accounts);
    const rows = this.rows.wireSnapshot();
    return {
      tasks: rows.rows,
      tasksVersion: rows.version,
      health: engine.health(),
      outbox: engine.outbox.list(),
      held: engine.heldCounts(),
      paused: engine.isPaused,
      settings,
      accounts: await this.views(accounts),
      capabilities: CAPABILITIES,
      accountCapabilities: this.accountCapabilities(),
      accountNames: Object.fromEntries(active.accounts.map((a) => [a.id, a.name])),
      accountUsers: Object.fromEntries(
        active.accounts.flatMap((a) => ('userId' in a ? [[a.id, a.userId]] : [])),
      ),
      demo: active.demo,
      shortcut: await this.shortcutStatus(),
      saveFailures: [...this.saveFailures.values()],
    };
  }

  /** The stored secrets of this account id, and whether they may go to the account's origins. */
  private async storedSecretsFor(
    account: Account,
    confirmedOrigins: string[] | null = null,
  ): Promise<StoredSecretsCheck> {
    const saved = this.options.settings.read().accounts.find((a) => a.id === account.id);
    return checkStoredSecrets(this.options.secrets, account, saved, confirmedOrigins);
  }

  private async saveAccount(
    account: Account,
    secrets: Partial<Record<SecretName, string>>,
    confirmedOrigins: string[] | null,
  ): Promise<AccountView> {
    const check = await this.storedSecretsFor(account);
    await rebindSecretsForSave(this.options.secrets, account, secrets, check, confirmedOrigins);
    for (const [name, value] of Object.entries(secrets) as [SecretName, string][]) {
      await this.options.secrets.set(account.id, name, value);
    }
    const settings = this.options.settings.read();
    const others = settings.accounts.filter((a) => a.id !== account.id);
    const index = settings.accounts.findIndex((a) => a.id === account.id);
    const accounts =
      index === -1
        ? [...others, account]
        : settings.accounts.map((a) => (a.id === account.id ? account : a));
    await this.options.settings.write({ ...settings, accounts });
    await this.accountsChanged();
    return this.view(account);
  }

  private async shortcutStatus(): Promise<ShortcutStatus> {
    return (await this.options.host.shortcutStatus?.()) ?? 'unavailable';
  }

  private async view(account: Account): Promise<AccountView> {
    return { account, storedSecrets: await storedSecretNames(this.options.secrets, account.id) };
  }

  private async views(
    accounts: Account[] = this.options.settings.read().accounts,
  ): Promise<AccountView[]> {
    const views: AccountView[] = [];
    for (const account of accounts) views.push(await this.view(account));
    return views;
  }

  private async accountsChanged(): Promise<void> {
    await this.options.engine.setAccounts(this.activeAccounts().accounts);
    this.options.engine.refreshNow();
    await this.settingsChanged();
    this.rows.update();
  }

  /** What each watched account can do as it is signed in (the windows offer only that). */
  private accountCapabilities(): Record<string, AdapterCapabilities> {
    const { engine } = this.options;
    return Object.fromEntries(
      engine.accounts().map((account) => [account.id, engine.adapter(account.id).capabilities]),
    );
  }

  private async settingsChanged(): Promise<void> {
    const { accounts: _accounts, ...settings } = this.options.settings.read();
    this.options.emit('state:settings', {
      settings,
      accounts: await this.views(),
      accountCapabilities: this.accountCapabilities(),
      shortcut: await this.shortcutStatus(),
    });
    this.options.emit('state:held', {
      held: this.options.engine.heldCounts(),
      paused: this.options.engine.isPaused,
    });
  }
}
