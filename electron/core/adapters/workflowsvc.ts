// Twinit workflowsvc: USER_INPUT steps of running workflow runs, answered with the form the step
// describes. There is no "my inputs" call, so the runs of the namespace are scanned page by page.
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import type { WorkflowSvcAccount } from '../../../shared/account';
import type { FieldError } from '../../../shared/errors';
import {
  InstantSchema,
  JsonValueSchema,
  VENDOR_LABELS,
  taskId,
  type CompletionRequest,
  type FieldType,
  type Instant,
  type JsonValue,
  type Party,
  type PreviousStep,
  type Task,
  type TaskCompletion,
  type TaskField,
  type TaskLog,
  type TaskStatus,
} from '../../../shared/task';
import { adapterFactory } from '../adapter';
import type * as Contract from '../adapter';
import { pace } from '../cooperative';
import * as A from '../assumptions/workflowsvc';
import { assertCompletable } from '../completion-check';
import { HttpClient, type ErrorDetails, type HttpResponse, type QueryValue } from '../http';
import { adapterSession, type OAuthMode, type OAuthSession } from '../oauth';
import { msToInstant, parseInstant, parseLocalOrInstant } from '../time';
import { VendorError, isVendorError } from '../vendor-error';
import { withToken } from '../with-token';
import { defaultBudgetWith, exemptTokenEndpoint } from '../rate-budget';
import { ownValue, plainJson } from '../own-key';

const LABEL = VENDOR_LABELS.workflowsvc;
const API_PATH = '/workflowsvc/api/v1';
const OAUTH_PATH = '/passportsvc/api/v2/oauth';
const OAUTH_SCOPE = 'read write';
const USER_INPUT = 'USER_INPUT';
const PERMISSION_USER_TYPE = 'user';
export const LIST_PAGE_SIZE = 25;
/** A guard against a server that ignores `_offset`; 200 pages of 25 runs is far past any inbox. */
const MAX_LIST_PAGES = 200;
const LOG_PAGE_SIZE = 50;
const MAX_LOG_PAGES = 10;
/** Oldest first: runs started while we page land on later pages instead of shifting earlier ones. */
const LIST_SORT = JSON.stringify({ _createdAt: 1 });
/** Year 0000–9999 in epoch ms: what InstantSchema can express. */
const MIN_MS = -62_167_219_200_000;
const MAX_MS = 253_402_300_799_999;

// ---------------------------------------------------------------------------------------------
// Response schemas: strict on ids, `_type`, `_status` and `_tasks`; lenient on everything else.

/** Ids are UUID strings; a number is accepted only while it is exact. */
const IdSchema = z
  .union([
    z.string().min(1),
    z.number().int().refine(Number.isSafeInteger, 'an id past 2^53 sent as a number'),
  ])
  .transform(String);

const TimeSchema = z.union([z.string(), z.number()]).nullish().catch(null);
const SecondsSchema = z.union([z.number(), z.string()]).nullish().catch(null);

const PermissionSchema = z.looseObject({
  _userType: z.string().nullish(),
  _id: z.union([z.string(), z.number()]).nullish(),
});

export const WfTaskSchema = z.looseObject({
  _id: IdSchema,
  _name: z.string().nullish().catch(null),
  _sequenceno: z.number().nullish().catch(null),
  _type: z.string(),
  _status: z.string(),
  _inputParams: z.record(z.string(), z.unknown()).nullish().catch(null),
  _userInputPermissions: z.array(PermissionSchema.nullable().catch(null)).nullish().catch(null),
  _createdAt: TimeSchema,
  _updatedAt: TimeSchema,
  _timeoutSeconds: SecondsSchema,
});
export type WfTask = z.infer<typeof WfTaskSchema>;

export const RunSchema = z.looseObject({
  _id: IdSchema,
  _workflowDefId: z.union([z.string(), z.number()]).nullish().catch(null),
  _name: z.string().nullish().catch(null),
  _tasks: z.array(WfTaskSchema).nullish(),
  _status: z.string().nullish().catch(null),
  _timeoutSeconds: SecondsSchema,
  _createdAt: TimeSchema,
  _updatedAt: TimeSchema,
});
export type WfRun = z.infer<typeof RunSchema>;

const CountSchema = z.number().int().nonnegative().nullish().catch(null);

export interface Page<T> {
  items: T[];
  /** The vendor's total across pages, when it gives one we trust. */
  total: number | null;
}

function pageSchema<T extends z.ZodType>(item: T) {
  // v5.1: `{_offset, _pageSize, _total, _list}`; v5.0: `_count`, or a bare array (wrapped here so
  // that a bad item is reported by its path rather than as "no union member matched").
  const envelope = z.looseObject({
    _total: CountSchema,
    _count: CountSchema,
    _list: z.array(item),
  });
  return z
    .preprocess((body) => (Array.isArray(body) ? { _list: body } : body), envelope)
    .transform((page): Page<z.output<T>> => ({
      items: page._list,
      total: page._total ?? (A.COUNT_FIELD_IS_TOTAL ? (page._count ?? null) : null),
    }));
}

export const RunPageSchema = pageSchema(RunSchema);

export const LogLineSchema = z.looseObject({
  timestamp: z.union([z.string(), z.number()]).nullish().catch(null),
  level: z.string().nullish().catch(null),
  message: z.unknown().optional(),
});
export type LogLine = z.infer<typeof LogLineSchema>;
export const LogPageSchema = pageSchema(LogLineSchema);

const CompleteResponseSchema = z.looseObject({ message: z.string().nullish().catch(null) });

const FormFieldSchema = z.looseObject({
  type: z
    .union([z.string(), z.array(z.string())])
    .nullish()
    .catch(null),
  enum: z.array(z.unknown()).nullish().catch(null),
  format: z.string().nullish().catch(null),
  title: z.string().nullish().catch(null),
  description: z.string().nullish().catch(null),
  required: z.unknown().optional(),
  default: z.unknown().optional(),
});
type FormField = z.infer<typeof FormFieldSchema>;

// ---------------------------------------------------------------------------------------------
// Pure normalisers (exported for the property tests).

export interface NormaliseContext {
  accountId: string;
  userId: string;
  overdueAfterHours: number;
  nowMs: number;
  /** The account's origin, for the web URL pattern. */
  origin: string;
  nsfilter: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function epochMs(instant: Instant): number {
  return Temporal.Instant.from(instant).epochMilliseconds;
}

/** A vendor time as an instant, nanoseconds kept; null for anything we cannot read exactly. */
export function vendorInstant(value: string | number | null | undefined): Instant | null {
  let instant: Instant | null;
  if (typeof value === 'number') {
    instant =
      Number.isFinite(value) && value >= MIN_MS && value <= MAX_MS
        ? msToInstant(Math.trunc(value))
        : null;
  } else {
    instant = parseInstant(value);
  }
  return instant !== null && InstantSchema.safeParse(instant).success ? instant : null;
}

/** Log lines are zone-less (`2026-03-10 17:26:08`), read in the assumed zone. */
export function logInstant(value: string | number | null | undefined): Instant | null {
  if (typeof value !== 'string') return vendorInstant(value);
  const instant = parseLocalOrInstant(value, A.LOG_TIME_ZONE);
  return instant !== null && InstantSchema.safeParse(instant).success ? instant : null;
}

export function taskStatus(rawStatus: string): TaskStatus {
  const key = rawStatus.toUpperCase();
  return ownValue(A.TASK_STATUS_MEANING, key) ?? 'other';
}

export function isTerminal(rawStatus: string): boolean {
  return A.TERMINAL_TASK_STATUSES.includes(rawStatus.toUpperCase());
}

export function isUserInput(task: WfTask): boolean {
  return task._type.toUpperCase() === USER_INPUT;
}

interface Permission {
  type: string;
  id: string;
}

export function permissionsOf(task: WfTask): Permission[] {
  const out: Permission[] = [];
  for (const entry of task._userInputPermissions ?? []) {
    const id = entry?._id;
    if (typeof id === 'string' ? id === '' : typeof id !== 'number' || !Number.isSafeInteger(id))
      continue;
    out.push({ type: (entry?._userType ?? PERMISSION_USER_TYPE).toLowerCase(), id: String(id) });
  }
  return out;
}

export function isPermitted(task: WfTask, userId: string): boolean {
  return permissionsOf(task).some((p) => p.type === PERMISSION_USER_TYPE && p.id === userId);
}

/** A human task waiting for this user: USER_INPUT, not finished, and the user may answer. */
export function awaitsInputFrom(task: WfTask, userId: string): boolean {
  return isUserInput(task) && !isTerminal(task._status) && isPermitted(task, userId);
}

function seconds(value: string | number | null | undefined): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

function plusSeconds(instant: Instant, secs: number): Instant | null {
  try {
    const due = Temporal.Instant.from(instant)
      .add({ milliseconds: Math.round(secs * 1000) })
      .toString();
    return InstantSchema.safeParse(due).success ? due : null;
  } catch {
    return null; // past Temporal's range: no deadline we can state
  }
}

export interface Deadline {
  dueAt: Instant | null;
  overdue: boolean;
}

/** Due from the step's (else the run's) timeout; without one the account's age limit decides. */
export function deadlineOf(run: WfRun, task: WfTask, ctx: NormaliseContext): Deadline {
  if (isTerminal(task._status)) return { dueAt: null, overdue: false };
  const created = vendorInstant(task._createdAt) ?? vendorInstant(run._createdAt);
  if (created === null) return { dueAt: null, overdue: false };
  const createdMs = epochMs(created);
  const secs = A.effectiveTimeoutSeconds(
    seconds(task._timeoutSeconds),
    seconds(run._timeoutSeconds),
  );
  if (secs !== null) {
    const dueAt = plusSeconds(created, secs);
    return { dueAt, overdue: dueAt !== null && epochMs(dueAt) <= ctx.nowMs };
  }
  // The age is exact (whole milliseconds): no rounding from adding a fractional limit.
  return { dueAt: null, overdue: ctx.nowMs - createdMs >= ctx.overdueAfterHours * 3_600_000 };
}

function fieldType(spec: FormField): { type: FieldType; options: string[] } {
  const values = spec.enum ?? [];
  if (values.length > 0 && values.every((v): v is string => typeof v === 'string')) {
    return { type: 'select', options: values };
  }
  const declared = Array.isArray(spec.type) ? spec.type.find((t) => t !== 'null') : spec.type;
  const format = spec.format?.toLowerCase() ?? '';
  switch (declared?.toLowerCase()) {
    case 'number':
    case 'integer':
      return { type: 'number', options: [] };
    case 'boolean':
      return { type: 'boolean', options: [] };
    case 'string':
      if (A.DATE_FORMATS.includes(format)) return { type: 'date', options: [] };
      if (A.FILE_FORMATS.includes(format)) return { type: 'file', options: [] };
      return { type: 'text', options: [] };
    default:
      return { type: 'text', options: [] };
  }
}

/** `_inputParams._userInput`, a JSON-Schema-like map (or a full object schema), as form fields. */
export function formFields(inputParams: Record<string, unknown> | null | undefined): TaskField[] {
  const form = inputParams?._userInput;
  if (!isRecord(form)) return [];
  const fullSchema = form.type === 'object' && isRecord(form.properties);
  const properties = fullSchema ? (form.properties as Record<string, unknown>) : form;
  const listed = form[A.REQUIRED_FIELDS_KEY];
  const required = Array.isArray(listed) ? listed.filter((n) => typeof n === 'string') : [];
  const fields: TaskField[] = [];
  for (const [name, raw] of Object.entries(properties)) {
    const parsed = FormFieldSchema.safeParse(raw);
    if (!parsed.success) continue; // `required: [...]`, a title string…: not a field
    const spec = parsed.data;
    const { type, options } = fieldType(spec);
    const value = JsonValueSchema.safeParse(spec.default);
    fields.push({
      name,
      label: spec.title?.trim() || name,
      type,
      required: required.includes(name) || spec.required === true,
      value: value.success ? value.data : null,
      options: options.map((option) => ({ value: option, label: option })),
      description: spec.description ?? null,
    });
  }
  return fields;
}

/** The step's own words, when its form carries a description. */
export function formDescription(
  inputParams: Record<string, unknown> | null | undefined,
): string | null {
  const form = inputParams?._userInput;
  const text = isRecord(form) ? form[A.FORM_DESCRIPTION_KEY] : undefined;
  return typeof text === 'string' && text.trim() !== '' ? text : null;
}

function completionOf(task: WfTask, userId: string): TaskCompletion {
  const none = (reason: string): TaskCompletion => ({
    kind: 'none',
    results: [],
    fields: [],
    unavailableReason: reason,
  });
  if (!isUserInput(task))
    return none('This step is run by the workflow itself; it takes no input.');
  if (isTerminal(task._status)) return none('This input has already been given.');
  if (!isPermitted(task, userId)) return none('You are not among the people allowed to answer.');
  return {
    kind: 'form',
    results: [],
    fields: formFields(task._inputParams),
    unavailableReason: null,
  };
}

const DataSchema = z.record(z.string(), JsonValueSchema);

/** Earlier finished steps of the run, in sequence order. */
export function previousStepsOf(run: WfRun, task: WfTask): PreviousStep[] {
  const seq = task._sequenceno;
  if (seq === null || seq === undefined) return [];
  return (run._tasks ?? [])
    .filter(
      (t) =>
        t._id !== task._id &&
        typeof t._sequenceno === 'number' &&
        t._sequenceno < seq &&
        t._status.toUpperCase() === 'COMPLETED',
    )
    .sort((a, b) => (a._sequenceno ?? 0) - (b._sequenceno ?? 0))
    .map((t) => {
      const data = DataSchema.safeParse(t[A.USER_INPUT_RESULT_KEY]);
      return {
        stepName: t._name || t._type,
        completedBy: null,
        completedAt: vendorInstant(t._updatedAt),
        result: null,
        data: data.success ? data.data : {},
      };
    });
}

export function normaliseLogs(lines: LogLine[]): TaskLog[] {
  return lines.map((line) => ({
    at: logInstant(line.timestamp),
    level: line.level || 'INFO',
    message:
      typeof line.message === 'string'
        ? line.message
        : line.message === undefined || line.message === null
          ? ''
          : JSON.stringify(line.message),
  }));
}

function webUrl(run: WfRun, task: WfTask, ctx: NormaliseContext): string | null {
  const pattern = A.TASK_WEB_URL_PATTERN;
  if (pattern === null) return null;
  return pattern
    .replace('{origin}', ctx.origin)
    .replace('{nsfilter}', encodeURIComponent(ctx.nsfilter))
    .replace('{workflowId}', encodeURIComponent(run._id))
    .replace('{taskId}', encodeURIComponent(task._id));
}

function party(permission: Permission | undefined): Party | null {
  // workflowsvc names nobody: the id is all there is to show.
  return permission ? { id: permission.id, name: permission.id } : null;
}

/** One step of a run as a vendor-neutral Task; `logs` present means the detail was loaded. */
export function normaliseTask(
  run: WfRun,
  task: WfTask,
  ctx: NormaliseContext,
  logs?: TaskLog[],
): Task {
  const permissions = permissionsOf(task);
  const users = permissions.filter((p) => p.type === PERMISSION_USER_TYPE);
  const { dueAt, overdue } = deadlineOf(run, task, ctx);
  const { _tasks: _omitted, ...runSummary } = run;
  return {
    id: taskId(ctx.accountId, task._id),
    accountId: ctx.accountId,
    vendor: 'workflowsvc',
    vendorTaskId: task._id,
    locator: { workflowId: run._id },
    title: task._name || run._name || 'User input',
    workflowName: run._name ?? null,
    stepName: task._name ?? null,
    description: formDescription(task._inputParams),
    status: taskStatus(task._status),
    rawStatus: task._status,
    priority: null,
    createdAt: vendorInstant(task._createdAt) ?? vendorInstant(run._createdAt),
    updatedAt: vendorInstant(task._updatedAt) ?? vendorInstant(run._updatedAt),
    dueAt,
    overdue,
    escalated: false,
    assignee: party(users.find((p) => p.id === ctx.userId) ?? users[0]),
    group: party(permissions.find((p) => p.type === A.PERMISSION_GROUP_TYPE)),
    entity: null,
    webUrl: webUrl(run, task, ctx),
    completion: completionOf(task, ctx.userId),
    previousSteps: previousStepsOf(run, task),
    logs: logs ?? [],
    detailLoaded: logs !== undefined,
    raw: plainJson({ run: runSummary, task }),
  };
}

/** The user's waiting inputs in one run. */
export function openTasksOfRun(run: WfRun, ctx: NormaliseContext): Task[] {
  return (run._tasks ?? [])
    .filter((task) => awaitsInputFrom(task, ctx.userId))
    .map((task) => normaliseTask(run, task, ctx));
}

function fieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  const out: FieldError[] = [];
  for (const item of value) {
    if (!isRecord(item)) continue;
    const where = item.field ?? item.path ?? item.property ?? item.name;
    const path = Array.isArray(where) ? where.join('.') : typeof where === 'string' ? where : '';
    // The form's values travel as `_userInput`: the field is the task's own name beneath it.
    const field = path.replace(/^_userInput\./, '');
    const message = item.message ?? item.msg;
    if (typeof message === 'string') out.push({ field, message });
  }
  return out;
}

/** The error body is undocumented: read a message, a code and field problems where present. */
export function describeWorkflowSvcError(_status: number, body: unknown): ErrorDetails {
  if (typeof body === 'string') return body.trim() ? { message: body.trim() } : {};
  if (!isRecord(body)) return {};
  const message = A.ERROR_MESSAGE_KEYS.map((key) => body[key]).find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  const code = [body.code, body.error].find(
    (value): value is string => typeof value === 'string' && value !== message,
  );
  const details: ErrorDetails = { fields: fieldErrors(body[A.ERROR_FIELDS_KEY]) };
  if (message) details.message = message;
  if (code) details.vendorCode = code;
  return details;
}

// ---------------------------------------------------------------------------------------------
// The adapter.

export const WORKFLOWSVC_CAPABILITIES: Contract.AdapterCapabilities = {
  complete: true,
  reassignToUser: false,
  reassignToGroup: false,
  results: false,
  formFields: true,
  logs: true,
  overdue: 'age-limit',
  escalation: false,
  browserSignIn: true,
  limitations: [
    'Reassigning is not possible: workflowsvc has no call for it; who may answer an input is set in the workflow definition.',
    'No escalation: workflowsvc tasks carry no escalation or priority.',
    'No due dates from Twinit: a step counts as overdue after its timeout (the step’s, else the run’s) and, without one, after the account’s age limit.',
    'The decision is a field of the form, and comments are not sent: an input carries only the form’s fields.',
    'Inputs inside DO_WHILE loops are not listed: only each run’s own steps are scanned.',
    'Tasktray finds your inputs by reading every running workflow of the namespace, since workflowsvc has no “my inputs” call.',
    'There is no “open in Twinit” link: no web page for a single workflow step is known.',
  ],
};

interface CallSpec<T> {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  schema: z.ZodType<T>;
  what: string;
  signal?: AbortSignal | undefined;
}

const enc = encodeURIComponent;

class WorkflowSvcAdapter implements Contract.VendorAdapter {
  readonly vendor = 'workflowsvc' as const;
  readonly capabilities = WORKFLOWSVC_CAPABILITIES;
  /** No read cache is documented. */
  readonly readStalenessMs = 0;
  readonly accountId: string;
  private readonly http: HttpClient;
  private readonly session: OAuthSession;
  private readonly api: string;
  /** The completion path spelling that worked last goes first. */
  private spellings: string[] = [...A.COMPLETE_PATH_SPELLINGS];

  constructor(
    private readonly account: WorkflowSvcAccount,
    private readonly deps: Contract.AdapterDeps,
  ) {
    this.accountId = account.id;
    this.api = `${account.origin}${API_PATH}`;
    const pasted = account.auth.mode === 'token';
    this.http = new HttpClient({
      fetch: deps.fetch,
      clock: deps.clock,
      logger: deps.logger,
      vendorLabel: LABEL,
      timeoutMs: deps.timeoutMs,
      describeError: describeWorkflowSvcError,
      hints: {
        auth: pasted ? 'hint.twinitPasteToken' : 'hint.twinitSignIn',
      },
    });
    const oauthUrl = `${account.origin}${OAUTH_PATH}`;
    const auth: OAuthMode =
      account.auth.mode === 'pkce'
        ? {
            mode: 'pkce',
            clientId: account.auth.clientId,
            scope: OAUTH_SCOPE,
            authorizeUrl: `${oauthUrl}/authorize`,
            tokenUrl: `${oauthUrl}/token`,
          }
        : { mode: 'static' };
    this.session = adapterSession(deps, {
      accountId: account.id,
      vendorLabel: LABEL,
      http: this.http,
      auth,
    });
  }

  private context(): NormaliseContext {
    return {
      accountId: this.account.id,
      userId: this.account.userId,
      overdueAfterHours: this.account.overdueAfterHours,
      nowMs: this.deps.clock.now(),
      origin: this.account.origin,
      nsfilter: this.account.nsfilter,
    };
  }

  private send<T>(spec: CallSpec<T>, token: string): Promise<HttpResponse<T>> {
    return this.http.request({
      method: spec.method,
      url: `${this.api}${spec.path}`,
      query: { nsfilter: this.account.nsfilter, ...spec.query },
      headers: { Authorization: `${A.AUTH_SCHEME} ${token}` },
      json: spec.json,
      schema: spec.schema,
      idempotent: spec.method === 'GET',
      what: spec.what,
      ...(spec.signal ? { signal: spec.signal } : {}),
    });
  }

  /** One call, renewing the token once on a 401 (a refused request was not processed). */
  private async call<T>(spec: CallSpec<T>): Promise<T> {
    const { data } = await withToken(
      (refused?: string) => this.session.token(refused),
      (token) => this.send(spec, token),
      {
        onRenew: () =>
          this.deps.logger.info('workflowsvc refused the access token; renewing it', {
            accountId: this.accountId,
          }),
      },
    );
    return data;
  }

  async signIn(signal?: AbortSignal): Promise<Contract.SignedInUser> {
    await this.session.signIn(signal);
    return { id: this.account.userId, name: null };
  }

  async listOpenTasks(signal?: AbortSignal): Promise<Task[]> {
    const ctx = this.context();
    const tasks = new Map<string, Task>();
    const seenRuns = new Set<string>();
    let offset = 0;
    for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
      const data = await this.call({
        method: 'GET',
        path: '/workflows',
        query: {
          _status: A.PENDING_RUN_STATUS,
          _pageSize: LIST_PAGE_SIZE,
          _offset: offset,
          sort: LIST_SORT,
        },
        schema: RunPageSchema,
        what: 'listing running workflows',
        signal,
      });
      const fresh = data.items.filter((run) => !seenRuns.has(run._id));
      for (const run of fresh) {
        seenRuns.add(run._id);
        for (const task of openTasksOfRun(run, ctx)) tasks.set(task.vendorTaskId, task);
        await pace();
      }
      offset += data.items.length;
      // No new runs means the server ignored `_offset`: stop rather than loop.
      if (fresh.length === 0) break;
      const done = data.total !== null ? offset >= data.total : data.items.length < LIST_PAGE_SIZE;
      if (done) break;
    }
    return [...tasks.values()];
  }

  private async loadRun(
    ref: Contract.TaskRef,
    signal?: AbortSignal,
  ): Promise<{ run: WfRun; task: WfTask }> {
    const workflowId = ref.locator.workflowId;
    if (!workflowId) {
      throw new VendorError('not_found', 'This task has lost its workflow id; refresh the list.');
    }
    const run = await this.call({
      method: 'GET',
      path: `/workflows/${enc(workflowId)}`,
      schema: RunSchema,
      what: 'reading a workflow run',
      signal,
    });
    const task = run._tasks?.find((t) => t._id === ref.vendorTaskId);
    if (!task) {
      throw new VendorError(
        'not_found',
        `${LABEL} has no step ${ref.vendorTaskId} in workflow ${workflowId}.`,
      );
    }
    return { run, task };
  }

  private async loadLogs(run: WfRun, task: WfTask, signal?: AbortSignal): Promise<TaskLog[]> {
    const lines: LogLine[] = [];
    for (let page = 0; page < MAX_LOG_PAGES; page += 1) {
      let data: Page<LogLine>;
      try {
        data = await this.call({
          method: 'GET',
          path: `/workflows/${enc(run._id)}/tasks/${enc(task._id)}/logs`,
          query: { plainText: false, _offset: lines.length, _pageSize: LOG_PAGE_SIZE },
          schema: LogPageSchema,
          what: 'reading the step’s logs',
          signal,
        });
      } catch (error) {
        if (isVendorError(error) && error.kind === 'not_found') break; // a step without logs
        throw error;
      }
      lines.push(...data.items);
      if (data.items.length === 0) break;
      if (data.total !== null ? lines.length >= data.total : data.items.length < LOG_PAGE_SIZE)
        break;
    }
    return normaliseLogs(lines);
  }

  async getTask(ref: Contract.TaskRef, signal?: AbortSignal): Promise<Task> {
    const { run, task } = await this.loadRun(ref, signal);
    const logs = await this.loadLogs(run, task, signal);
    return normaliseTask(run, task, this.context(), logs);
  }

  async complete(
    ref: Contract.TaskRef,
    request: CompletionRequest,
    signal?: AbortSignal,
  ): Promise<Contract.CompletionOutcome> {
    const { run, task } = await this.loadRun(ref, signal);
    if (!isUserInput(task)) {
      throw new VendorError('unsupported', 'This step is run by the workflow itself.');
    }
    if (isTerminal(task._status)) {
      throw new VendorError('conflict', `This input was already given (${task._status}).`);
    }
    if (!isPermitted(task, this.account.userId)) {
      throw new VendorError('forbidden', 'You are not among the people allowed to answer.');
    }
    assertCompletable(normaliseTask(run, task, this.context()), request);
    if (request.comment) this.deps.logger.debug('workflowsvc takes no comment; not sent');
    await this.sendInput(run._id, task._id, { _userInput: request.data }, signal);
    return { completedAt: null, nextStep: null };
  }

  private async sendInput(
    workflowId: string,
    stepId: string,
    body: { _userInput: Record<string, JsonValue> },
    signal?: AbortSignal,
  ): Promise<void> {
    const spellings = [...this.spellings];
    for (const [index, spelling] of spellings.entries()) {
      try {
        await this.call({
          method: 'POST',
          path: `/${spelling}/${enc(workflowId)}/userinput/${enc(A.userInputIdFor(stepId))}`,
          json: body,
          schema: CompleteResponseSchema,
          what: 'sending your input',
          signal,
        });
        this.spellings = [spelling, ...spellings.filter((s) => s !== spelling)];
        return;
      } catch (error) {
        const last = index === spellings.length - 1;
        if (last || !isVendorError(error) || error.kind !== 'not_found') throw error;
        this.deps.logger.debug('workflowsvc input path not found; trying the other spelling', {
          spelling,
        });
      }
    }
  }

  async reassign(): Promise<void> {
    throw new VendorError(
      'unsupported',
      `${LABEL} has no call to hand an input to someone else; who may answer is set in the workflow definition.`,
    );
  }
}

export const workflowsvcFactory = adapterFactory(WorkflowSvcAdapter, {
  vendor: 'workflowsvc',
  capabilities: WORKFLOWSVC_CAPABILITIES,
  budget: defaultBudgetWith(exemptTokenEndpoint('/oauth/token')),
});
