// The `tasktray` command line: the same engine as the tray app, headless.
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
import { languageFromEnv } from '../../shared/appearance';
import { HEALTH_LABELS, type AccountHealth } from '../../shared/health';
import type { VendorErrorInfo } from '../../shared/errors';
import type { OutboxItem } from '../../shared/outbox';
import { GroupDistributionSchema, type GroupDistribution, type Task } from '../../shared/task';
import type { AdapterDeps } from '../core/adapter';
import { Engine } from '../core/engine';
import { FileStateStore } from '../core/file-state-store';
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
import { configDir, loadConfig } from './config';
import { EnvFirstSecretStore, howToSetSecret } from './env-secrets';
import { SessionCachingSecretStore, SessionFile } from './session-file';
import { UsageError, parseFieldArgs } from './field-values';
import { notifySend, type Notifier } from './notify';
import { openInBrowser } from './open-browser';
import { taskDetail, taskTable } from './output';
import { terminalJson, terminalText } from './terminal-text';

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

async function withEngine<T>(
  io: CliIo,
  verbose: boolean,
  use: (context: Context) => Promise<T>,
  setup?: {
    accounts: Account[];
    secrets: SecretStore;
    store: StateStore;
    preferences: AlertPreferences;
  },
): Promise<T> {
  let accounts: Account[];
  let secrets: SecretStore;
  let store: StateStore;
  let preferences: AlertPreferences;
  let language = languageFromEnv(io.env);
  if (setup) {
    ({ accounts, secrets, store, preferences } = setup);
  } else {
    const dir = configDir(io.env);
    const config = loadConfig(dir);
    for (const problem of config.problems) io.err(`tasktray: ${problem}`);
    // A mistake in the file is never passed over: a misspelt key would change what is watched.
    if (config.problems.length > 0) {
      throw new ExitError(
        EXIT.config,
        `Fix ${config.path} first (${config.problems.length === 1 ? 'the problem' : `the ${config.problems.length} problems`} above).`,
      );
    }
    if (config.accounts.length === 0) {
      throw new ExitError(
        EXIT.config,
        config.problems.length > 0
          ? `No usable account in ${config.path}.`
          : `No accounts are configured. Add them to ${config.path} (see the README), or try \`tasktray demo\`.`,
      );
    }
    accounts = config.accounts;
    preferences = config.preferences;
    language = config.language ?? language;
    const configured = config.accounts;
    // Keychain secrets only for the origins they were saved for; environment ones are this run's.
    // No keychain: session tokens go to a 0600 file, so the next command need not sign in again.
    const sessions = new SessionFile(dir);
    secrets = new EnvFirstSecretStore(
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
    store = new FileStateStore(join(dir, 'state'));
  }
  const deps: AdapterDeps = {
    fetch: (input, init) => fetch(input, init),
    clock: io.clock ?? systemClock,
    logger: verbose ? consoleLogger('debug') : silentLogger,
    secrets,
    openExternal: openInBrowser,
  };
  const engine = new Engine({
    deps,
    store,
    preferences: () => preferences,
    language: () => language,
    timeZone: systemTimeZone(),
  });
  engine.on('problem', (report) =>
    io.err(
      `tasktray: saved state "${report.key}" was unreadable (${report.problem}); kept aside as "${report.keptAs}".`,
    ),
  );
  await engine.setAccounts(accounts);
  try {
    return await use({ engine, preferences, accounts });
  } finally {
    await engine.stop();
  }
}

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

/** A vendor's "slow down" for a command that exits: when to come back, not "retrying". */
function rateLimitText(message: string, retryAfterMs: number | null): string {
  const base = message.replace(/;\s*retrying in \d+ s/, '');
  return retryAfterMs === null
    ? `${base} Try again in a minute.`
    : `${base} Try again in ${Math.ceil(retryAfterMs / 1000)} s.`;
}

function describeInfo(
  error: VendorErrorInfo,
  secret: SecretName | null,
  accountId?: string,
): string {
  const fields = error.fields.map((f) => `\n  ${f.field}: ${f.message}`).join('');
  const request = error.requestId ? ` (request id ${error.requestId})` : '';
  if (error.kind === 'rate_limited')
    return `${rateLimitText(error.message, error.retryAfterMs)}${request}`;
  const hint = secret ? howToSetSecret(accountId ?? '<account>', secret) : error.hint;
  return `${error.message}${request}${fields}\n${hint}`;
}

function describeError(error: unknown, accountId?: string): string {
  if (isVendorError(error)) {
    const account = accountId ?? failedAccount.get(error);
    return describeInfo(error.toInfo(), error.secret, account);
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
async function patiently<T>(io: CliIo, label: string, run: () => Promise<T>): Promise<T> {
  const clock = io.clock ?? systemClock;
  let waited = 0;
  for (;;) {
    try {
      return await run();
    } catch (error) {
      if (!isRateLimited(error) || error.retryAfterMs === null) throw error;
      const wait = error.retryAfterMs;
      if (waited + wait > MAX_RATE_LIMIT_WAIT_MS) throw error;
      io.err(
        `tasktray: ${label}: the vendor asked to wait ${Math.ceil(wait / 1000)} s before the next request; waiting (Ctrl-C to stop)…`,
      );
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
function taskAccount(id: string, accounts: Account[]): string {
  const match = TASK_ID.exec(id);
  const known = accounts.map((a) => a.id).join(', ');
  if (!match)
    throw new UsageError(
      `"${id}" is not a task id: ids look like <account>:<vendor id>, as \`tasktray list\` prints them.`,
    );
  const accountId = match[1] ?? '';
  if (!accounts.some((a) => a.id === accountId))
    throw new UsageError(`"${id}" names no configured account "${accountId}". Accounts: ${known}.`);
  return accountId;
}

async function watch(io: CliIo, context: Context, notifier: Notifier | null): Promise<void> {
  const { engine } = context;
  const lastState = new Map<string, string>();
  engine.on('alert', (alert) => {
    io.out(JSON.stringify(alert));
    void notifier?.(alert);
  });
  engine.on('health', (health: AccountHealth) => {
    if (lastState.get(health.accountId) === health.state) return;
    lastState.set(health.accountId, health.state);
    if (health.state === 'starting') return;
    const error = health.lastError ? ` — ${health.lastError.message} ${health.lastError.hint}` : '';
    io.err(`tasktray: ${health.accountId}: ${HEALTH_LABELS[health.state]}${error}`);
  });
  engine.on('outbox', (item: OutboxItem) => {
    const what = item.op.type === 'complete' ? 'completion' : 'reassignment';
    if (item.state === 'done')
      io.err(`tasktray: delivered the queued ${what} of “${item.taskTitle}” (${item.taskId}).`);
    else if (item.state === 'failed')
      io.err(
        `tasktray: ${item.taskId}: the queued ${what} of “${item.taskTitle}” was refused — ${item.lastError?.message ?? 'no reason given'}`,
      );
  });
  engine.start();
  await new Promise<void>((resolve) => {
    if (io.stopSignal.aborted) resolve();
    io.stopSignal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Sends an outbox item now; resolves when it landed, else says why in the CLI's exit codes. */
async function sendNow(engine: Engine, itemId: string): Promise<void> {
  const after = await engine.outbox.sendNow(itemId);
  if (after?.state === 'done') return;
  const error = after?.lastError;
  if (after?.state === 'pending') {
    const why =
      error?.kind === 'rate_limited'
        ? error.message.replace(/;\s*retrying in \d+ s/, '')
        : (error?.message ?? 'waiting');
    throw new ExitError(
      EXIT.queued,
      `Not sent yet (${why}); it is kept, and \`tasktray watch\` sends it when the vendor allows.`,
    );
  }
  const fields = error?.fields.map((f) => `\n  ${f.field}: ${f.message}`).join('') ?? '';
  // The task changed meanwhile: read it again, so the next try carries what the vendor has now.
  if (error?.kind === 'conflict' && after) await engine.loadTask(after.taskId).catch(() => null);
  throw new ExitError(
    error?.kind === 'validation' ? EXIT.usage : EXIT.failed,
    `${error?.message ?? 'Refused.'}${fields}${error?.kind === 'conflict' ? `\n${error.hint}` : ''}`,
  );
}

/** Failures that mean the vendor could not be reached, not that it said no. */
const UNREACHABLE = new Set(['network', 'timeout', 'server', 'rate_limited']);

/**
 * The task with its form, read now; when the vendor cannot be reached, the task as last read
 * (its form included), so the completion is checked and kept. Never read: nothing is kept.
 */
async function taskToComplete(io: CliIo, engine: Engine, id: string): Promise<Task> {
  try {
    await engine.findTask(id);
    return await engine.loadTask(id);
  } catch (error) {
    const known = engine.task(id);
    if (!isVendorError(error) || !UNREACHABLE.has(error.kind)) throw error;
    if (!known?.detailLoaded) {
      throw new ExitError(
        EXIT.failed,
        `${error.message}\nNothing was kept: this task's form was never read, so the completion cannot be checked. Try again once the vendor can be reached.`,
      );
    }
    io.err(`tasktray: ${error.message} Checking against the task as last read.`);
    return known;
  }
}

function collectField(value: string, all: string[]): string[] {
  if (value.indexOf('=') <= 0) {
    throw new InvalidArgumentError('expected name=value, e.g. --field email=a@b.co');
  }
  return [...all, value];
}

function sortForPeople(tasks: Task[]): Task[] {
  return [...tasks].sort(
    (a, b) =>
      (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || a.title.localeCompare(b.title),
  );
}

/** What a run decided about its output, for the error path in `runCli`. */
interface RunState {
  /** `--json` was asked for: a failure is printed as a JSON object on stdout too. */
  json: boolean;
}

export function buildProgram(io: CliIo, state: RunState = { json: false }): Command {
  const program = new Command('tasktray')
    .description(
      'Watch the workflow tasks you owe in UiPath, Twinit workflowsvc, Maxsight and GeoTareas.',
    )
    .option('-v, --verbose', 'log requests (secrets are redacted) to stderr')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride()
    .showHelpAfterError('(run `tasktray --help` for usage)')
    .hook('preAction', (_program, command) => {
      state.json = Boolean(command.opts<{ json?: boolean }>().json);
    });
  const verbose = () => Boolean(program.opts<{ verbose?: boolean }>().verbose);

  program
    .command('list')
    .description('list open tasks across all accounts')
    .option('--account <id>', 'only this account')
    .option('--json', 'print the tasks as JSON')
    .action(async (options: { account?: string; json?: boolean }) => {
      await withEngine(io, verbose(), async ({ engine, accounts }) => {
        const chosen = options.account
          ? accounts.filter((a) => a.id === options.account)
          : accounts;
        if (chosen.length === 0)
          throw new UsageError(
            `No account "${options.account}". Accounts: ${accounts.map((a) => a.id).join(', ')}.`,
          );
        const tasks: Task[] = [];
        const failures: Record<string, unknown>[] = [];
        for (const account of chosen) {
          try {
            tasks.push(
              // Escalation as the engine judges it, so list, watch and the app agree.
              ...(await patiently(io, account.name, () => engine.listTasks(account.id))),
            );
          } catch (error) {
            failures.push({ accountName: account.name, ...jsonError(error, account.id) });
            io.err(`tasktray: ${account.name}: ${describeError(error, account.id)}`);
          }
        }
        const sorted = sortForPeople(tasks);
        if (failures.length === 0) {
          io.out(options.json ? terminalJson(sorted, 2) : taskTable(sorted, Date.now()));
          return;
        }
        // Never "No open tasks." or [] for an account that could not be read.
        const summary = `${failures.length} account${failures.length === 1 ? '' : 's'} could not be read.`;
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
          io.out(taskTable(sorted, Date.now()));
        }
        state.json = false; // already printed
        throw new ExitError(EXIT.failed, summary);
      });
    });

  program
    .command('show')
    .description('show one task with everything its vendor tells')
    .argument('<id>', 'the task id, as `tasktray list` prints it')
    .option('--json', 'print the task as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      await withEngine(io, verbose(), async ({ engine, accounts }) => {
        const accountId = taskAccount(id, accounts);
        const task = await forAccount(accountId, () =>
          patiently(io, id, async () => {
            await engine.findTask(id);
            return engine.loadTask(id);
          }),
        );
        io.out(options.json ? terminalJson(task, 2) : taskDetail(task, Date.now()));
      });
    });

  program
    .command('complete')
    .description('complete a task')
    .argument('<id>', 'the task id')
    .option('--result <code>', 'the result code (see `tasktray show <id>`)')
    .option('--field <name=value>', 'a form field; repeat for each', collectField, [])
    .option('--comment <text>', 'a comment for the vendor')
    .action(async (id: string, options: { result?: string; field: string[]; comment?: string }) => {
      await withEngine(io, verbose(), async ({ engine, accounts }) => {
        const accountId = taskAccount(id, accounts);
        const task = await forAccount(accountId, () =>
          patiently(io, id, () => taskToComplete(io, engine, id)),
        );
        const data = parseFieldArgs(options.field, task.completion.fields);
        const item = await engine.complete(id, {
          resultCode: options.result ?? null,
          data,
          comment: options.comment ?? null,
        });
        await sendNow(engine, item.id);
        io.out(`Completed “${task.title}”.`);
      });
    });

  program
    .command('reassign')
    .description('reassign a task to another user or group')
    .argument('<id>', 'the task id')
    .option('--user <id>', 'the vendor’s id of the user to take it')
    .option('--group <id>', 'the vendor’s id of the group to take it')
    .addOption(
      new Option('--distribution <how>', 'how a group shares it (UiPath)').choices(
        GroupDistributionSchema.options,
      ),
    )
    .option('--comment <text>', 'a comment for the vendor')
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
          throw new UsageError('Give exactly one of --user <id> or --group <id>.');
        }
        await withEngine(io, verbose(), async ({ engine, accounts }) => {
          const accountId = taskAccount(id, accounts);
          const task = await forAccount(accountId, () =>
            patiently(io, id, () => engine.findTask(id)),
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
          await sendNow(engine, item.id);
          io.out(`Reassigned “${task.title}” to ${target.kind} ${target.id}.`);
        });
      },
    );

  program
    .command('claim')
    .description('take an unassigned task (UiPath)')
    .argument('<id>', 'the task id')
    .action(async (id: string) => {
      await withEngine(io, verbose(), async ({ engine }) => {
        await engine.findTask(id);
        const task = await engine.claim(id);
        io.out(`Claimed “${task.title}”.`);
      });
    });

  program
    .command('release')
    .description('give a claimed task back to the unassigned pool (UiPath)')
    .argument('<id>', 'the task id')
    .action(async (id: string) => {
      await withEngine(io, verbose(), async ({ engine }) => {
        const task = await engine.findTask(id);
        await engine.release(id);
        io.out(`Released “${task.title}”.`);
      });
    });

  program
    .command('assignees')
    .description('list the users and groups a task may be reassigned to')
    .argument('<id>', 'the task id')
    .option('--json', 'print them as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      await withEngine(io, verbose(), async ({ engine }) => {
        await engine.findTask(id);
        const people = await engine.assignees(id);
        io.out(
          options.json
            ? JSON.stringify(people, null, 2)
            : people
                .map((p) => `${p.kind}\t${p.id}\t${p.name}${p.detail ? ` <${p.detail}>` : ''}`)
                .join('\n'),
        );
      });
    });

  program
    .command('comments')
    .description('show a task’s comments, or add one with --add')
    .argument('<id>', 'the task id')
    .option('--add <text>', 'add this comment')
    .option('--json', 'print them as JSON')
    .action(async (id: string, options: { add?: string; json?: boolean }) => {
      await withEngine(io, verbose(), async ({ engine }) => {
        await engine.findTask(id);
        if (options.add !== undefined) {
          const added = await engine.addComment(id, options.add);
          io.out(options.json ? JSON.stringify(added, null, 2) : `Commented: ${added.text}`);
          return;
        }
        const comments = await engine.comments(id);
        io.out(
          options.json
            ? JSON.stringify(comments, null, 2)
            : comments.map((c) => `${c.at ?? '?'}  ${c.author ?? 'someone'}: ${c.text}`).join('\n'),
        );
      });
    });

  program
    .command('watch')
    .description('watch every account and print each alert as one JSON line')
    .option('--no-notify', 'do not send desktop notifications')
    .action(async (options: { notify: boolean }) => {
      await withEngine(io, verbose(), (context) =>
        watch(io, context, options.notify ? notifySend(io.err) : null),
      );
    });

  program
    .command('demo')
    .description('start the vendor simulator with the demo scenario and watch it')
    .option('--no-notify', 'do not send desktop notifications')
    .addOption(
      new Option('--pace <pace>', 'how fast the scenario moves')
        .choices(['normal', 'fast'])
        .default('normal'),
    )
    .action(async (options: { notify: boolean; pace: 'normal' | 'fast' }) => {
      const pace: Partial<DemoPace> =
        options.pace === 'fast'
          ? {
              newTaskEveryMs: 3_000,
              overdueEveryMs: 5_000,
              escalateEveryMs: 7_000,
              completeElsewhereEveryMs: 11_000,
            }
          : {};
      const demo = await startDemo({ pace });
      io.err(`tasktray: demo simulator at ${demo.sim.urls.origin} (Ctrl-C to stop)`);
      io.err(
        `tasktray: its control API is at ${demo.sim.urls.control}, with the header "Authorization: Bearer ${demo.sim.controlToken}"`,
      );
      const secrets = new MemorySecretStore();
      const accounts: Account[] = [];
      for (const { account, secrets: values } of demo.accounts) {
        const parsed = AccountSchema.parse({
          ...account,
          pollIntervalSec: options.pace === 'fast' ? 5 : account.pollIntervalSec,
        });
        accounts.push(parsed);
        for (const [name, value] of Object.entries(values))
          await secrets.set(parsed.id, name as SecretName, value);
      }
      try {
        await withEngine(
          io,
          verbose(),
          (context) => watch(io, context, options.notify ? notifySend(io.err) : null),
          {
            accounts,
            secrets,
            store: new MemoryStateStore(),
            preferences: DEFAULT_ALERT_PREFERENCES,
          },
        );
      } finally {
        await demo.stop();
      }
    });

  const secret = program
    .command('secret')
    .description('keep an account’s secrets in the system keychain');
  secret
    .command('set')
    .description('store a secret, read from standard input')
    .argument('<account>', 'the account id')
    .addArgument(program.createArgument('<name>', 'which secret').choices(SECRET_NAMES))
    .action(async (accountId: string, name: SecretName) => {
      const value = (await io.readStdin()).replace(/\r?\n$/, '');
      if (value === '')
        throw new UsageError(
          'No secret on standard input. Example: printf %s "$TOKEN" | tasktray secret set acme apiKey',
        );
      // Bound to the account's origins as configured now: it is never sent anywhere else.
      const config = loadConfig(configDir(io.env));
      const account = config.accounts.find((a) => a.id === accountId);
      if (!account) {
        for (const problem of config.problems) io.err(`tasktray: ${problem}`);
        throw new UsageError(
          `No account "${accountId}" in ${config.path}: add it there first, so the secret is kept for its host.`,
        );
      }
      await originBoundSecrets(new KeytarSecretStore(), (id) =>
        id === account.id ? account : undefined,
      ).set(accountId, name, value);
      io.out(
        `Stored ${name} for ${accountId} in the keychain, for ${secretOrigins(account).join(' and ')}.`,
      );
    });
  secret
    .command('delete')
    .description('remove a secret from the keychain')
    .argument('<account>', 'the account id')
    .addArgument(program.createArgument('<name>', 'which secret').choices(SECRET_NAMES))
    .action(async (accountId: string, name: SecretName) => {
      await new KeytarSecretStore().delete(accountId, name);
      io.out(`Removed ${name} for ${accountId}.`);
    });

  program
    .command('signin')
    .description('sign in to an account in the browser (OAuth accounts)')
    .argument('<account>', 'the account id')
    .action(async (accountId: string) => {
      await withEngine(io, verbose(), async ({ engine, accounts }) => {
        if (!accounts.some((a) => a.id === accountId))
          throw new UsageError(
            `No account "${accountId}". Accounts: ${accounts.map((a) => a.id).join(', ')}.`,
          );
        const user = await forAccount(accountId, () => engine.adapter(accountId).signIn());
        io.out(`Signed in${user.name ? ` as ${user.name}` : ''}.`);
      });
    });

  program
    .command('accounts')
    .description('list the configured accounts and what is wrong with the config file')
    .action(() => {
      const config = loadConfig(configDir(io.env));
      io.out(`Config: ${config.path}`);
      for (const account of config.accounts)
        io.out(`  ${account.id.padEnd(20)} ${account.vendor.padEnd(12)} ${account.name}`);
      if (config.accounts.length === 0) io.out('  (no accounts)');
      for (const problem of config.problems) io.err(`tasktray: ${problem}`);
      if (config.problems.length > 0)
        throw new ExitError(EXIT.config, 'The config file has problems.');
    });

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
  const program = buildProgram(io, state);
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
    io.err(`tasktray: ${describeError(error)}`);
    if (state.json) io.out(terminalJson({ error: jsonError(error) }, 2));
    return exitCodeFor(error);
  }
}
