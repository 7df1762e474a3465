// The `tasktray` command line: the same engine as the tray app, headless. It speaks the user's
// language (LC_ALL / LC_MESSAGES / LANG, or --lang) through the shared message catalogs.
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  AccountSchema,
  SECRET_NAMES,
  secretOrigins,
  type Account,
  type SecretName,
} from '../../shared/account';
import { DEFAULT_ALERT_PREFERENCES, type AlertPreferences } from '../../shared/alert';
import { LANGUAGES, isLanguage, languageFromEnv, type Language } from '../../shared/appearance';
import type { AccountHealth } from '../../shared/health';
import type { VendorErrorInfo } from '../../shared/errors';
import { localizeError } from '../../shared/i18n/error-text';
import { translator, type Translate } from '../../shared/i18n/translate';
import type { OutboxItem } from '../../shared/outbox';
import { GroupDistributionSchema, type GroupDistribution, type Task } from '../../shared/task';
import { VENDOR_LABELS } from '../../shared/vendors';
import type { AdapterDeps } from '../core/adapter';
import { Engine } from '../core/engine';
import { FileStateStore } from '../core/file-state-store';
import { importLegacyOutbox } from '../core/legacy-outbox';
import { consoleLogger, silentLogger } from '../core/logger';
import {
  MemorySecretStore,
  MemoryStateStore,
  systemClock,
  type Clock,
  type SecretStore,
  type StateStore,
} from '../core/ports';
import { systemTimeZone } from '../core/time';
import { originBoundSecrets } from '../core/secret-origins';
import { isVendorError, type VendorError } from '../core/vendor-error';
import { startDemo, type DemoPace } from '../simulator/demo';
import { KeytarSecretStore } from '../platform/keychain';
import { commanderError, speakCommander } from './commander-text';
import { configDir, loadConfig } from './config';
import { EnvFirstSecretStore, howToSetSecret } from './env-secrets';
import { SessionCachingSecretStore, SessionFile } from './session-file';
import { UsageError, parseFieldArgs } from './field-values';
import { notifySend, type Notifier } from './notify';
import { openInBrowser } from './open-browser';
import { taskDetail, taskTable } from './output';
import { terminalJson, terminalText } from './terminal-text';
import { runHandled } from '../../shared/detached';

/** Exit codes, after sysexits.h where one fits. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  queued: 75,
  config: 78,
} as const;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  readStdin: () => Promise<string>;
  /** Stops `watch` and `demo` (SIGINT/SIGTERM in the real CLI). */
  stopSignal: AbortSignal;
  /** The system keychain; tests give one that is missing. */
  keychain?: SecretStore;
  /** The engine's clock, which also waits out vendors' rate limits: the system's unless a test gives its own. */
  clock?: Clock;
}

/** How long a one-shot command waits, in all, for vendors that ask it to slow down. */
export const MAX_RATE_LIMIT_WAIT_MS = 60_000;

class ExitError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

interface Context {
  engine: Engine;
  preferences: AlertPreferences;
  accounts: Account[];
}

/** What a run decided about its output, for the error path in `runCli`. */
interface RunState {
  /** `--json` was asked for: a failure is printed as a JSON object on stdout too. */
  json: boolean;
}

/** One run of the CLI: where it prints, in which language, and what it decided so far. */
interface Run {
  io: CliIo;
  t: Translate;
  /** The language --lang asked for: it then wins over the config file's too. */
  lang: Language | null;
  state: RunState;
  verbose: () => boolean;
}

/**
 * The language of a run: `--lang` (checked again by commander), else the environment's locale
 * (LC_ALL, LC_MESSAGES, LANG: es → Spanish, anything else English).
 */
export function cliLanguage(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): { language: Language; given: Language | null } {
  let given: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--') break;
    if (arg === '--lang') given = argv[i + 1];
    else if (arg.startsWith('--lang=')) given = arg.slice('--lang='.length);
  }
  const chosen = isLanguage(given) ? given : null;
  return { language: chosen ?? languageFromEnv(env), given: chosen };
}

// ── the engine for one command ─────────────────────────────────────────────────────────────

interface EngineSetup {
  accounts: Account[];
  secrets: SecretStore;
  store: StateStore;
  preferences: AlertPreferences;
  language: Language;
}

/** Accounts, secrets and state as configured in the CLI's folder; a config mistake stops here. */
async function configuredSetup(run: Run): Promise<EngineSetup> {
  const { io, t } = run;
  const dir = configDir(io.env);
  const config = loadConfig(dir, t);
  for (const problem of config.problems) io.err(`tasktray: ${problem}`);
  // A mistake in the file is never passed over: a misspelt key would change what is watched.
  if (config.problems.length > 0) {
    throw new ExitError(
      EXIT.config,
      t('cli.fixConfigFirst', { path: config.path, count: config.problems.length }),
    );
  }
  if (config.accounts.length === 0) {
    throw new ExitError(EXIT.config, t('cli.noAccounts', { path: config.path }));
  }
  const configured = config.accounts;
  // Keychain secrets only for the origins they were saved for; environment ones are this run's.
  // No keychain: session tokens go to a 0600 file, so the next command need not sign in again.
  const sessions = new SessionFile(dir);
  const secrets = new EnvFirstSecretStore(
    io.env,
    new SessionCachingSecretStore(
      originBoundSecrets(io.keychain ?? new KeytarSecretStore(), (id) =>
        configured.find((a) => a.id === id),
      ),
      sessions,
    ),
    sessions,
  );
  // Shared with the tray app and other tasktray processes: see FileStateStore.
  const store = new FileStateStore(join(dir, 'state'));
  await importOldState(run, dir, store);
  return {
    accounts: config.accounts,
    secrets,
    store,
    preferences: config.preferences,
    language: run.lang ?? config.language ?? run.t.language,
  };
}

/** Completions an earlier version queued in `<dir>/state.json`, carried over once. */
async function importOldState(run: Run, dir: string, store: StateStore): Promise<void> {
  const { io, t } = run;
  const result = await importLegacyOutbox(dir, store, (io.clock ?? systemClock).now());
  if (result.kind === 'imported' && result.imported > 0) {
    io.err(
      `tasktray: ${t('cli.legacyImported', { count: result.imported, path: result.path, movedTo: result.movedTo })}`,
    );
  } else if (result.kind === 'unreadable') {
    io.err(
      `tasktray: ${t('cli.legacyUnreadable', { path: result.path, problem: result.problem, keptAs: result.keptAs })}`,
    );
  }
}

async function withEngine<T>(
  run: Run,
  use: (context: Context) => Promise<T>,
  given?: EngineSetup,
): Promise<T> {
  const { io, t } = run;
  const { accounts, secrets, store, preferences, language } = given ?? (await configuredSetup(run));
  const deps: AdapterDeps = {
    fetch: (input, init) => fetch(input, init),
    clock: io.clock ?? systemClock,
    logger: run.verbose() ? consoleLogger('debug') : silentLogger,
    secrets,
    openExternal: (url) => openInBrowser(url, t),
  };
  const engine = new Engine({
    deps,
    store,
    preferences: () => preferences,
    language: () => language,
    timeZone: systemTimeZone(),
  });
  engine.on('problem', (report) => io.err(`tasktray: ${t('cli.stateUnreadable', { ...report })}`));
  await engine.setAccounts(accounts);
  try {
    return await use({ engine, preferences, accounts });
  } finally {
    await engine.stop();
  }
}

// ── errors in words ────────────────────────────────────────────────────────────────────────

/** The account a failure belongs to, where the command knows it: messages name its secrets. */
const failedAccount = new WeakMap<object, string>();

async function forAccount<T>(accountId: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (typeof error === 'object' && error !== null) failedAccount.set(error, accountId);
    throw error;
  }
}

/** A vendor's "slow down", without the "retrying in N s" a command that exits does not do. */
function slowDownText(error: VendorErrorInfo, t: Translate): string {
  if (error.code === 'error.slowDown' && typeof error.params?.vendor === 'string')
    return t('cli.slowDown', { vendor: error.params.vendor });
  return localizeError(error, t).message.replace(/;\s*retrying in \d+ s/, '');
}

/** A vendor's "slow down" for a command that exits: when to come back, not "retrying". */
function rateLimitText(error: VendorErrorInfo, t: Translate): string {
  const message = slowDownText(error, t);
  return error.retryAfterMs === null
    ? t('cli.tryAgainMinute', { message })
    : t('cli.tryAgainIn', { message, seconds: Math.ceil(error.retryAfterMs / 1000) });
}

function describeInfo(
  error: VendorErrorInfo,
  secret: SecretName | null,
  t: Translate,
  accountId?: string,
): string {
  const { message, hint } = localizeError(error, t);
  const fields = error.fields.map((f) => `\n  ${f.field}: ${f.message}`).join('');
  const request = error.requestId ? ` ${t('cli.requestId', { id: error.requestId })}` : '';
  if (error.kind === 'rate_limited') return `${rateLimitText(error, t)}${request}`;
  const what = secret ? howToSetSecret(accountId ?? '<account>', secret, t) : hint;
  return `${message}${request}${fields}\n${what}`;
}

function describeError(error: unknown, t: Translate, accountId?: string): string {
  if (isVendorError(error)) {
    const account = accountId ?? failedAccount.get(error);
    return describeInfo(error.toInfo(), error.secret, t, account);
  }
  return error instanceof Error ? error.message : String(error);
}

/** What `--json` prints on stdout when a command fails. */
function jsonError(error: unknown, accountId?: string): Record<string, unknown> {
  const account =
    accountId ??
    (typeof error === 'object' && error !== null ? failedAccount.get(error) : undefined);
  const base = isVendorError(error)
    ? { ...error.toInfo(), ...(error.secret ? { secret: error.secret } : {}) }
    : {
        kind:
          error instanceof UsageError
            ? 'usage'
            : error instanceof ExitError
              ? error.code === EXIT.config
                ? 'config'
                : 'failed'
              : 'internal',
        message: error instanceof Error ? error.message : String(error),
      };
  return { ...base, ...(account ? { accountId: account } : {}), exitCode: exitCodeFor(error) };
}

function exitCodeFor(error: unknown): number {
  if (error instanceof ExitError) return error.code;
  if (error instanceof UsageError) return EXIT.usage;
  if (isVendorError(error) && error.kind === 'unsupported') return EXIT.usage;
  if (isVendorError(error) && error.kind === 'validation' && error.status === null)
    return EXIT.usage;
  return EXIT.failed;
}

/**
 * Runs a vendor call for a one-shot command. A vendor that asks to slow down is waited for, with a
 * line on stderr, while the total wait stays within MAX_RATE_LIMIT_WAIT_MS; beyond that the error
 * says when to try again.
 */
async function patiently<T>(run: Run, label: string, call: () => Promise<T>): Promise<T> {
  const { io, t } = run;
  const clock = io.clock ?? systemClock;
  let waited = 0;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!isRateLimited(error) || error.retryAfterMs === null) throw error;
      const wait = error.retryAfterMs;
      if (waited + wait > MAX_RATE_LIMIT_WAIT_MS) throw error;
      const seconds = Math.ceil(wait / 1000);
      io.err(`tasktray: ${t('cli.waitingForVendor', { label, seconds })}`);
      await clock.sleep(wait, io.stopSignal);
      waited += wait;
    }
  }
}

function isRateLimited(error: unknown): error is VendorError {
  return isVendorError(error) && error.kind === 'rate_limited';
}

const TASK_ID = /^([a-z0-9][a-z0-9-]{0,62}):(.+)$/;

/** A task id as `tasktray list` prints it, for one of the configured accounts; else a usage error. */
function taskAccount(id: string, accounts: Account[], t: Translate): string {
  const match = TASK_ID.exec(id);
  const known = accounts.map((a) => a.id).join(', ');
  if (!match) throw new UsageError(t('cli.notTaskId', { id }));
  const accountId = match[1] ?? '';
  if (!accounts.some((a) => a.id === accountId))
    throw new UsageError(t('cli.unknownAccountInId', { id, account: accountId, accounts: known }));
  return accountId;
}

function unknownAccount(account: string, accounts: Account[], t: Translate): UsageError {
  return new UsageError(
    t('cli.unknownAccount', { account, accounts: accounts.map((a) => a.id).join(', ') }),
  );
}

// ── watching ───────────────────────────────────────────────────────────────────────────────

async function watch(run: Run, context: Context, notifier: Notifier | null): Promise<void> {
  const { io, t } = run;
  const { engine } = context;
  const lastState = new Map<string, string>();
  engine.on('alert', (alert) => {
    io.out(terminalJson(alert));
    if (notifier) runHandled(notifier(alert)); // resolves even when notify-send fails
  });
  engine.on('health', (health: AccountHealth) => {
    if (lastState.get(health.accountId) === health.state) return;
    lastState.set(health.accountId, health.state);
    if (health.state === 'starting') return;
    const words = health.lastError ? localizeError(health.lastError, t) : null;
    const error = words ? ` — ${words.message} ${words.hint}` : '';
    io.err(`tasktray: ${health.accountId}: ${t(`health.${health.state}`)}${error}`);
  });
  engine.on('outbox', (item: OutboxItem) => {
    const completion = item.op.type === 'complete';
    const params = { title: item.taskTitle, id: item.taskId };
    if (item.state === 'done')
      io.err(
        `tasktray: ${t(completion ? 'cli.deliveredCompletion' : 'cli.deliveredReassignment', params)}`,
      );
    else if (item.state === 'failed') {
      const reason = item.lastError ? localizeError(item.lastError, t).message : t('cli.noReason');
      io.err(
        `tasktray: ${t(completion ? 'cli.refusedCompletion' : 'cli.refusedReassignment', { ...params, reason })}`,
      );
    }
  });
  engine.start();
  await new Promise<void>((resolve) => {
    if (io.stopSignal.aborted) resolve();
    io.stopSignal.addEventListener('abort', () => resolve(), { once: true });
  });
}

// ── sending ────────────────────────────────────────────────────────────────────────────────

/** Sends an outbox item now; resolves when it landed, else says why in the CLI's exit codes. */
async function sendNow(engine: Engine, itemId: string, t: Translate): Promise<void> {
  const after = await engine.outbox.sendNow(itemId);
  if (after?.state === 'done') return;
  const error = after?.lastError;
  if (after?.state === 'pending') {
    const why =
      error?.kind === 'rate_limited'
        ? slowDownText(error, t)
        : error
          ? localizeError(error, t).message
          : t('cli.waiting');
    throw new ExitError(EXIT.queued, t('cli.notSentYet', { why }));
  }
  const fields = error?.fields.map((f) => `\n  ${f.field}: ${f.message}`).join('') ?? '';
  // The task changed meanwhile: read it again, so the next try carries what the vendor has now.
  if (error?.kind === 'conflict' && after) await engine.loadTask(after.taskId).catch(() => null);
  const words = error ? localizeError(error, t) : null;
  throw new ExitError(
    error?.kind === 'validation' ? EXIT.usage : EXIT.failed,
    `${words?.message ?? t('cli.refused')}${fields}${error?.kind === 'conflict' ? `\n${words?.hint ?? ''}` : ''}`,
  );
}

/** Failures that mean the vendor could not be reached, not that it said no. */
const UNREACHABLE = new Set(['network', 'timeout', 'server', 'rate_limited']);

/**
 * The task with its form, read now; when the vendor cannot be reached, the task as last read
 * (its form included), so the completion is checked and kept. Never read: nothing is kept.
 */
async function taskToComplete(run: Run, engine: Engine, id: string): Promise<Task> {
  const { io, t } = run;
  try {
    await engine.findTask(id);
    return await engine.loadTask(id);
  } catch (error) {
    const known = engine.task(id);
    if (!isVendorError(error) || !UNREACHABLE.has(error.kind)) throw error;
    const message = localizeError(error.toInfo(), t).message;
    if (!known?.detailLoaded) {
      throw new ExitError(EXIT.failed, `${message}\n${t('cli.nothingKept')}`);
    }
    io.err(`tasktray: ${t('cli.checkingLastRead', { message })}`);
    return known;
  }
}

function sortForPeople(tasks: Task[]): Task[] {
  return [...tasks].sort(
    (a, b) =>
      (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || a.title.localeCompare(b.title),
  );
}

// ── the commands, by group ─────────────────────────────────────────────────────────────────

function addListCommand(program: Command, run: Run): void {
  const { io, t, state } = run;
  program
    .command('list')
    .description(t('cli.cmd.list'))
    .option('--account <id>', t('cli.opt.account'))
    .option('--json', t('cli.opt.jsonTasks'))
    .action(async (options: { account?: string; json?: boolean }) => {
      await withEngine(run, async ({ engine, accounts }) => {
        const chosen = options.account
          ? accounts.filter((a) => a.id === options.account)
          : accounts;
        if (chosen.length === 0) throw unknownAccount(options.account ?? '', accounts, t);
        const tasks: Task[] = [];
        const failures: Record<string, unknown>[] = [];
        for (const account of chosen) {
          try {
            // Escalation as the engine judges it, so list, watch and the app agree.
            tasks.push(...(await patiently(run, account.name, () => engine.listTasks(account.id))));
          } catch (error) {
            failures.push({ accountName: account.name, ...jsonError(error, account.id) });
            io.err(`tasktray: ${account.name}: ${describeError(error, t, account.id)}`);
          }
        }
        const sorted = sortForPeople(tasks);
        if (failures.length === 0) {
          io.out(options.json ? terminalJson(sorted, 2) : taskTable(sorted, Date.now(), t));
          return;
        }
        // Never "No open tasks." or [] for an account that could not be read.
        const summary = t('cli.accountsFailed', { count: failures.length });
        if (options.json) {
          io.out(
            terminalJson(
              {
                error: { kind: 'accounts_failed', message: summary, accounts: failures },
                tasks: sorted,
              },
              2,
            ),
          );
        } else if (sorted.length > 0) {
          io.out(taskTable(sorted, Date.now(), t));
        }
        state.json = false; // already printed
        throw new ExitError(EXIT.failed, summary);
      });
    });
}

function collectField(t: Translate) {
  return (value: string, all: string[]): string[] => {
    if (value.indexOf('=') <= 0) throw new InvalidArgumentError(t('cli.fieldExpected'));
    return [...all, value];
  };
}

type OneArgumentCommand =
  'show' | 'complete' | 'reassign' | 'claim' | 'release' | 'assignees' | 'comments' | 'signin';

/** `tasktray <name> <argument>`, command and argument described in the user's language. */
function commandOn(
  program: Command,
  t: Translate,
  name: OneArgumentCommand,
  argument: '<id>' | '<account>' = '<id>',
  help: 'cli.arg.id' | 'cli.arg.listedId' | 'cli.arg.account' = 'cli.arg.id',
): Command {
  return program
    .command(name)
    .description(t(`cli.cmd.${name}`))
    .argument(argument, t(help));
}

/** show, complete, reassign: what the user does with one task. */
function addTaskCommands(program: Command, run: Run): void {
  const { io, t } = run;
  commandOn(program, t, 'show', '<id>', 'cli.arg.listedId')
    .option('--json', t('cli.opt.jsonTask'))
    .action(async (id: string, options: { json?: boolean }) => {
      await withEngine(run, async ({ engine, accounts }) => {
        const accountId = taskAccount(id, accounts, t);
        const task = await forAccount(accountId, () =>
          patiently(run, id, async () => {
            await engine.findTask(id);
            return engine.loadTask(id);
          }),
        );
        io.out(options.json ? terminalJson(task, 2) : taskDetail(task, Date.now(), t));
      });
    });

  commandOn(program, t, 'complete')
    .option('--result <code>', t('cli.opt.result'))
    .option('--field <name=value>', t('cli.opt.field'), collectField(t), [])
    .option('--comment <text>', t('cli.opt.comment'))
    .option('--claim', t('cli.opt.claim'))
    .action(
      async (
        id: string,
        options: { result?: string; field: string[]; comment?: string; claim?: boolean },
      ) => {
        await withEngine(run, async ({ engine, accounts }) => {
          const accountId = taskAccount(id, accounts, t);
          const task = await forAccount(accountId, () =>
            patiently(run, id, () => taskToComplete(run, engine, id)),
          );
          const data = parseFieldArgs(options.field, task.completion.fields, t);
          // As the windows do: a task nobody holds is claimed only when the user says so.
          const claimFirst = engine.claimsBeforeCompleting(id);
          if (claimFirst && !options.claim) {
            const vendor = VENDOR_LABELS[task.vendor];
            throw new UsageError(t('cli.claimFirst', { title: task.title, vendor, id }));
          }
          const request = {
            resultCode: options.result ?? null,
            data,
            comment: options.comment ?? null,
          };
          const item = await forAccount(accountId, () =>
            engine.complete(id, request, { claim: claimFirst }),
          );
          if (claimFirst) io.out(t('cli.claimed', { title: task.title }));
          await sendNow(engine, item.id, t);
          io.out(t('cli.completed', { title: task.title }));
        });
      },
    );

  commandOn(program, t, 'reassign')
    .option('--user <id>', t('cli.opt.user'))
    .option('--group <id>', t('cli.opt.group'))
    .addOption(
      new Option('--distribution <how>', t('cli.opt.distribution')).choices(
        GroupDistributionSchema.options,
      ),
    )
    .option('--comment <text>', t('cli.opt.comment'))
    .action(
      async (
        id: string,
        options: {
          user?: string;
          group?: string;
          distribution?: GroupDistribution;
          comment?: string;
        },
      ) => {
        if ((options.user === undefined) === (options.group === undefined)) {
          throw new UsageError(t('cli.userOrGroup'));
        }
        await withEngine(run, async ({ engine, accounts }) => {
          const accountId = taskAccount(id, accounts, t);
          const task = await forAccount(accountId, () =>
            patiently(run, id, () => engine.findTask(id)),
          );
          const target =
            options.user !== undefined
              ? { kind: 'user' as const, id: options.user, comment: options.comment ?? null }
              : {
                  kind: 'group' as const,
                  id: options.group ?? '',
                  comment: options.comment ?? null,
                  ...(options.distribution ? { distribution: options.distribution } : {}),
                };
          const item = await engine.reassign(id, target);
          await sendNow(engine, item.id, t);
          io.out(
            t(target.kind === 'user' ? 'cli.reassignedUser' : 'cli.reassignedGroup', {
              title: task.title,
              id: target.id,
            }),
          );
        });
      },
    );
}

/** claim, release, assignees, comments: the vendor's collaboration features. */
function addCollaborationCommands(program: Command, run: Run): void {
  const { io, t } = run;
  commandOn(program, t, 'claim').action(async (id: string) => {
    await withEngine(run, async ({ engine }) => {
      await engine.findTask(id);
      const task = await engine.claim(id);
      io.out(t('cli.claimed', { title: task.title }));
    });
  });

  commandOn(program, t, 'release').action(async (id: string) => {
    await withEngine(run, async ({ engine }) => {
      const task = await engine.findTask(id);
      await engine.release(id);
      io.out(t('cli.released', { title: task.title }));
    });
  });

  commandOn(program, t, 'assignees')
    .option('--json', t('cli.opt.jsonThem'))
    .action(async (id: string, options: { json?: boolean }) => {
      await withEngine(run, async ({ engine }) => {
        await engine.findTask(id);
        const people = await engine.assignees(id);
        io.out(
          options.json
            ? terminalJson(people, 2)
            : people
                .map((p) => `${p.kind}\t${p.id}\t${p.name}${p.detail ? ` <${p.detail}>` : ''}`)
                .join('\n'),
        );
      });
    });

  commandOn(program, t, 'comments')
    .option('--add <text>', t('cli.opt.add'))
    .option('--json', t('cli.opt.jsonThem'))
    .action(async (id: string, options: { add?: string; json?: boolean }) => {
      await withEngine(run, async ({ engine }) => {
        await engine.findTask(id);
        if (options.add !== undefined) {
          const added = await engine.addComment(id, options.add);
          io.out(options.json ? terminalJson(added, 2) : t('cli.commented', { text: added.text }));
          return;
        }
        const comments = await engine.comments(id);
        io.out(
          options.json
            ? terminalJson(comments, 2)
            : comments
                .map((c) => `${c.at ?? '?'}  ${c.author ?? t('cli.someone')}: ${c.text}`)
                .join('\n'),
        );
      });
    });
}

const FAST_DEMO: Partial<DemoPace> = {
  newTaskEveryMs: 3_000,
  overdueEveryMs: 5_000,
  escalateEveryMs: 7_000,
  completeElsewhereEveryMs: 11_000,
};

/** The demo's accounts, with their (simulated) secrets in memory. */
async function demoSetup(
  demo: Awaited<ReturnType<typeof startDemo>>,
  fast: boolean,
  language: Language,
): Promise<EngineSetup> {
  const secrets = new MemorySecretStore();
  const accounts: Account[] = [];
  for (const { account, secrets: values } of demo.accounts) {
    const parsed = AccountSchema.parse({
      ...account,
      pollIntervalSec: fast ? 5 : account.pollIntervalSec,
    });
    accounts.push(parsed);
    for (const [name, value] of Object.entries(values))
      await secrets.set(parsed.id, name as SecretName, value);
  }
  return {
    accounts,
    secrets,
    store: new MemoryStateStore(),
    preferences: DEFAULT_ALERT_PREFERENCES,
    language,
  };
}

/** watch, demo: the long-running commands. */
function addWatchCommands(program: Command, run: Run): void {
  const { io, t } = run;
  const notifier = (notify: boolean) => (notify ? notifySend(io.err, 'notify-send', t) : null);
  program
    .command('watch')
    .description(t('cli.cmd.watch'))
    .option('--no-notify', t('cli.opt.noNotify'))
    .action(async (options: { notify: boolean }) => {
      await withEngine(run, (context) => watch(run, context, notifier(options.notify)));
    });

  program
    .command('demo')
    .description(t('cli.cmd.demo'))
    .option('--no-notify', t('cli.opt.noNotify'))
    .addOption(
      new Option('--pace <pace>', t('cli.opt.pace')).choices(['normal', 'fast']).default('normal'),
    )
    .action(async (options: { notify: boolean; pace: 'normal' | 'fast' }) => {
      const fast = options.pace === 'fast';
      const demo = await startDemo({ pace: fast ? FAST_DEMO : {} });
      io.err(`tasktray: ${t('cli.demoAt', { origin: demo.sim.urls.origin })}`);
      io.err(
        `tasktray: ${t('cli.demoControl', { url: demo.sim.urls.control, token: demo.sim.controlToken })}`,
      );
      try {
        const setup = await demoSetup(demo, fast, run.lang ?? t.language);
        await withEngine(run, (context) => watch(run, context, notifier(options.notify)), setup);
      } finally {
        await demo.stop();
      }
    });
}

/** secret set, secret delete: the keychain. */
function addSecretCommands(program: Command, run: Run): void {
  const { io, t } = run;
  const secret = program.command('secret').description(t('cli.cmd.secret'));
  // `secret set|delete <account> <name>`, the name one of those an account can have.
  const secretCommand = (
    name: 'set' | 'delete',
    help: 'cli.cmd.secretSet' | 'cli.cmd.secretDelete',
  ) =>
    secret
      .command(name)
      .description(t(help))
      .argument('<account>', t('cli.arg.account'))
      .addArgument(program.createArgument('<name>', t('cli.arg.secretName')).choices(SECRET_NAMES));
  secretCommand('set', 'cli.cmd.secretSet').action(async (accountId: string, name: SecretName) => {
    const value = (await io.readStdin()).replace(/\r?\n$/, '');
    if (value === '') throw new UsageError(t('cli.noSecretOnStdin'));
    // Bound to the account's origins as configured now: it is never sent anywhere else.
    const config = loadConfig(configDir(io.env), t);
    const account = config.accounts.find((a) => a.id === accountId);
    if (!account) {
      for (const problem of config.problems) io.err(`tasktray: ${problem}`);
      throw new UsageError(t('cli.secretNoAccount', { account: accountId, path: config.path }));
    }
    await originBoundSecrets(new KeytarSecretStore(), (id) =>
      id === account.id ? account : undefined,
    ).set(accountId, name, value);
    const origins = new Intl.ListFormat(t.language, { type: 'conjunction' }).format(
      secretOrigins(account),
    );
    io.out(t('cli.secretStored', { name, account: accountId, origins }));
  });
  secretCommand('delete', 'cli.cmd.secretDelete').action(
    async (accountId: string, name: SecretName) => {
      await new KeytarSecretStore().delete(accountId, name);
      io.out(t('cli.secretRemoved', { name, account: accountId }));
    },
  );
}

/** signin, accounts: the accounts themselves. */
function addAccountCommands(program: Command, run: Run): void {
  const { io, t } = run;
  commandOn(program, t, 'signin', '<account>', 'cli.arg.account').action(
    async (accountId: string) => {
      await withEngine(run, async ({ engine, accounts }) => {
        if (!accounts.some((a) => a.id === accountId)) throw unknownAccount(accountId, accounts, t);
        const user = await forAccount(accountId, () => engine.adapter(accountId).signIn());
        io.out(user.name ? t('cli.signedInAs', { name: user.name }) : t('cli.signedIn'));
      });
    },
  );

  program
    .command('accounts')
    .description(t('cli.cmd.accounts'))
    .action(() => {
      const config = loadConfig(configDir(io.env), t);
      io.out(t('cli.configPath', { path: config.path }));
      for (const account of config.accounts)
        io.out(`  ${account.id.padEnd(20)} ${account.vendor.padEnd(12)} ${account.name}`);
      if (config.accounts.length === 0) io.out(`  ${t('cli.noAccountsListed')}`);
      for (const problem of config.problems) io.err(`tasktray: ${problem}`);
      if (config.problems.length > 0) throw new ExitError(EXIT.config, t('cli.configHasProblems'));
    });
}

export function buildProgram(
  io: CliIo,
  state: RunState = { json: false },
  language: { language: Language; given: Language | null } = cliLanguage([], io.env),
): Command {
  const t = translator(language.language);
  const program = new Command('tasktray')
    .description(t('cli.description'))
    .option('-v, --verbose', t('cli.opt.verbose'))
    .addOption(new Option('--lang <language>', t('cli.opt.lang')).choices(LANGUAGES))
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      outputError: (s, write) => write(commanderError(s, t)),
    })
    .exitOverride()
    .showHelpAfterError(t('cli.helpAfterError'))
    .hook('preAction', (_program, command) => {
      state.json = Boolean(command.opts<{ json?: boolean }>().json);
    });
  speakCommander(program, t);
  const run: Run = {
    io,
    t,
    lang: language.given,
    state,
    verbose: () => Boolean(program.opts<{ verbose?: boolean }>().verbose),
  };
  addListCommand(program, run);
  addTaskCommands(program, run);
  addCollaborationCommands(program, run);
  addWatchCommands(program, run);
  addSecretCommands(program, run);
  addAccountCommands(program, run);
  return program;
}

/** Runs the CLI; resolves to the exit code. */
export async function runCli(argv: string[], rawIo: CliIo): Promise<number> {
  // Everything printed passes here: vendor text cannot act on the terminal.
  const io: CliIo = {
    ...rawIo,
    out: (line) => rawIo.out(terminalText(line)),
    err: (line) => rawIo.err(terminalText(line)),
  };
  const state: RunState = { json: false };
  const language = cliLanguage(argv, io.env);
  const t = translator(language.language);
  const program = buildProgram(io, state, language);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return EXIT.ok;
      return EXIT.usage;
    }
    io.err(`tasktray: ${describeError(error, t)}`);
    if (state.json) io.out(terminalJson({ error: jsonError(error) }, 2));
    return exitCodeFor(error);
  }
}
