// GeoTareas adapter: the user's workflow-task inbox over `/apidev/v1`, with email/password
// sign-in (one-hour JWT, signed in again on expiry or 401), results + form completion and
// reassignment to a user or a group.
import { z } from 'zod';
import type { GeoTareasAccount } from '../../../shared/account';
import type { FieldError } from '../../../shared/errors';
import type { CompletionRequest, JsonValue, ReassignTarget, Task } from '../../../shared/task';
import { adapterFactory } from '../adapter';
import type * as Contract from '../adapter';
import { mapPaced } from '../cooperative';
import {
  ALREADY_COMPLETED_TEXT,
  ERROR_DETAILS_KEY,
  PAGE_SIZE_MAX,
  READ_CACHE_MS,
  READS_PER_MINUTE,
  REQUEST_ID_HEADER,
  WRITES_PER_MINUTE,
  ZONELESS_TIMES_ARE_TENANT_LOCAL,
} from '../assumptions/geotareas';
import { assertCompletable } from '../completion-check';
import { HttpClient, type ErrorDetails, type HttpResponse, type RequestSpec } from '../http';
import type { BudgetSpec } from '../rate-budget';
import { systemTimeZone } from '../time';
import { isVendorError, VendorError } from '../vendor-error';
import {
  CompleteResponseSchema,
  DetailResponseSchema,
  ListResponseSchema,
  normalizeDetail,
  normalizeSummary,
  readTime,
  ReassignResponseSchema,
  type GeoTask,
  type NormalizeContext,
} from './geotareas-records';
import { GeoTareasSession, type Credentials } from './geotareas-session';
import { withToken } from '../with-token';
import { ownValue } from '../own-key';

export {
  computeOverdue,
  GeoTaskDetailSchema,
  GeoTaskSchema,
  humanize,
  mapStatus,
  normalizeDetail,
  normalizeSummary,
  type GeoTask,
  type GeoTaskDetail,
  type NormalizeContext,
} from './geotareas-records';
export { decodeJwt, LOGIN_BUDGET } from './geotareas-session';

const LABEL = 'GeoTareas';
/** Past this many pages something is wrong with the paging, not with the inbox. */
const MAX_PAGES = 100;
/** Our completions stay hidden this long, while GeoTareas' read cache may still list them. */
const HIDE_COMPLETED_MS = READ_CACHE_MS + 5_000;

export const GEOTAREAS_CAPABILITIES: Contract.AdapterCapabilities = {
  complete: true,
  reassignToUser: true,
  reassignToGroup: true,
  results: true,
  formFields: true,
  logs: false,
  overdue: 'vendor',
  escalation: true,
  browserSignIn: false,
  limitations: [
    'GeoTareas has no task history or log call, so the detail view shows no logs.',
    'GeoTareas signs in with email, password and the company API key only, not in the browser; Tasktray keeps them in the system keychain and signs in again when the one-hour session ends.',
    'GeoTareas caches lists for 15 seconds, so changes made elsewhere can take that long to show.',
    'GeoTareas tasks have no priority.',
    'Steps that list no possible result cannot be completed from Tasktray; open them in GeoTareas.',
  ],
};

const ErrorBodySchema = z.looseObject({
  error: z.looseObject({
    code: z.string().nullish(),
    message: z.string().nullish(),
    [ERROR_DETAILS_KEY]: z.unknown().optional(),
  }),
});
const DetailsSchema = z.array(z.looseObject({ field: z.string(), message: z.string() }));

const CODE_KINDS: Record<string, ErrorDetails['kind']> = {
  BAD_REQUEST: 'validation',
  VALIDATION_ERROR: 'validation',
  UNAUTHORIZED: 'auth',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not_found',
  RATE_LIMITED: 'rate_limited',
  INTERNAL_ERROR: 'server',
};

/** GeoTareas request fields, named as the Task model's forms name them. */
export function taskFieldName(vendorField: string): string {
  if (vendorField === 'result_code') return 'result';
  if (vendorField === 'assign_to_user_id' || vendorField === 'assign_to_group_id') return 'id';
  return vendorField.replace(/^captured_data\./, '');
}

const NAMED_FIELD =
  /\b(result_code|captured_data\.[A-Za-z0-9_-]+|comment|assign_to_user_id|assign_to_group_id)\b/;

/** Field details from `error.details` [I], else the request field the message names. */
export function errorFields(message: string | null, details: unknown): FieldError[] {
  const parsed = DetailsSchema.safeParse(details);
  if (parsed.success && parsed.data.length > 0) {
    return parsed.data.map((d) => ({ field: taskFieldName(d.field), message: d.message }));
  }
  const named = message ? NAMED_FIELD.exec(message) : null;
  return named?.[1] && message ? [{ field: taskFieldName(named[1]), message }] : [];
}

export function describeGeoTareasError(status: number, body: unknown): ErrorDetails {
  const parsed = ErrorBodySchema.safeParse(body);
  if (!parsed.success) return {};
  const { code, message } = parsed.data.error;
  const out: ErrorDetails = {};
  if (message) out.message = message;
  if (code) {
    out.vendorCode = code;
    const kind = ownValue(CODE_KINDS, code);
    if (kind) out.kind = kind;
  }
  if (status === 400)
    out.fields = errorFields(message ?? null, parsed.data.error[ERROR_DETAILS_KEY]);
  return out;
}

/** X-RateLimit-Reset (unix seconds) as a wait, when a 429 has no Retry-After. */
export function retryAfterFromReset(headers: Headers, now: number): number | null {
  const reset = headers.get('X-RateLimit-Reset');
  if (!reset || !/^\d+$/.test(reset.trim())) return null;
  return Math.max(0, Number(reset) * 1000 - now);
}

const HINTS = {
  auth: 'hint.geotareasAuth',
  forbidden: 'hint.geotareasForbidden',
} as const;

type CallSpec<T> = Omit<RequestSpec<T>, 'url' | 'headers'> & { path: string };

class GeoTareasAdapter implements Contract.VendorAdapter {
  readonly vendor = 'geotareas' as const;
  readonly capabilities = GEOTAREAS_CAPABILITIES;
  readonly readStalenessMs = READ_CACHE_MS;
  private readonly http: HttpClient;
  private readonly session: GeoTareasSession;
  private readonly timeZone: string;
  /** Tasks we completed or handed on, hidden until GeoTareas' read cache has caught up (id → until). */
  private readonly hidden = new Map<string, number>();
  /**
   * Each task as last read, and when. Within READ_CACHE_MS the vendor answers a read from its cache
   * anyway, so a completion right after opening the task uses that read instead of spending a
   * second one of the 30 a minute (the user's submit waits for none).
   */
  private readonly lastRead = new Map<string, { task: Task; at: number }>();

  constructor(
    private readonly account: GeoTareasAccount,
    private readonly deps: Contract.AdapterDeps,
  ) {
    const options = {
      fetch: deps.fetch,
      clock: deps.clock,
      logger: deps.logger,
      vendorLabel: LABEL,
      timeoutMs: deps.timeoutMs,
      requestIdHeader: REQUEST_ID_HEADER,
      describeError: describeGeoTareasError,
      hints: HINTS,
      retryAfterFallback: retryAfterFromReset,
    };
    this.http = new HttpClient(options);
    this.session = new GeoTareasSession(
      account,
      deps,
      new HttpClient({ ...options, maxAttempts: 1 }),
    );
    this.timeZone = ZONELESS_TIMES_ARE_TENANT_LOCAL
      ? (account.timeZone ?? systemTimeZone())
      : 'UTC';
  }

  get accountId(): string {
    return this.account.id;
  }

  async signIn(signal?: AbortSignal): Promise<Contract.SignedInUser> {
    return { id: await this.session.signIn(signal), name: null };
  }

  /**
   * One request per page and nothing else: overdue comes from `due_date` by our clock, the same
   * rule GeoTareas' `overdue_only` filter applies, so a second query would only double the reads.
   */
  async listOpenTasks(signal?: AbortSignal): Promise<Task[]> {
    const rows = await this.listAll(signal);
    const now = this.deps.clock.now();
    this.pruneHidden(now);
    const byId = new Map<string, GeoTask>();
    // Paging over a changing inbox can repeat a row across pages.
    for (const row of rows) if (!byId.has(row.id)) byId.set(row.id, row);
    const ctx = this.context(now);
    const shown = [...byId.values()].filter((row) => !this.hidden.has(row.id));
    // A thousand rows at once would hold the thread: normalised a slice at a time.
    const tasks = await mapPaced(shown, (row) => normalizeSummary(row, ctx));
    // UNFILTERED_LIST_INCLUDES_COMPLETED: the list (no status filter) has them too.
    return tasks.filter((task) => task.status !== 'completed');
  }

  async getTask(ref: Contract.TaskRef, signal?: AbortSignal): Promise<Task> {
    const { data } = await this.call({
      method: 'GET',
      path: `/workflow/tasks/${encodeURIComponent(ref.vendorTaskId)}`,
      schema: DetailResponseSchema,
      idempotent: true,
      signal,
      what: 'reading a task',
    });
    this.assertSameId(ref.vendorTaskId, data.data.id);
    const now = this.deps.clock.now();
    const task = normalizeDetail(data.data, this.context(now));
    this.lastRead.set(ref.vendorTaskId, { task, at: now });
    return task;
  }

  /** The task as read within the vendor's read cache, or a fresh read. */
  private async currentTask(ref: Contract.TaskRef, signal?: AbortSignal): Promise<Task> {
    const last = this.lastRead.get(ref.vendorTaskId);
    this.lastRead.delete(ref.vendorTaskId);
    if (last && this.deps.clock.now() - last.at < READ_CACHE_MS) return last.task;
    return this.getTask(ref, signal);
  }

  async complete(
    ref: Contract.TaskRef,
    request: CompletionRequest,
    signal?: AbortSignal,
  ): Promise<Contract.CompletionOutcome> {
    const task = await this.currentTask(ref, signal);
    if (task.status === 'completed') {
      throw new VendorError('conflict', 'This GeoTareas task is already completed.');
    }
    assertCompletable(task, request);
    const { data } = await this.call({
      method: 'POST',
      path: `/workflow/tasks/${encodeURIComponent(ref.vendorTaskId)}/complete`,
      json: completionBody(task, request),
      schema: CompleteResponseSchema,
      signal,
      what: 'completing a task',
    }).catch((error: unknown) => {
      // The read above may come from the vendor's cache; the write's answer is current.
      if (
        isVendorError(error) &&
        error.status === 400 &&
        error.message.includes(ALREADY_COMPLETED_TEXT)
      )
        throw new VendorError('conflict', 'This GeoTareas task is already completed.', {
          status: error.status,
          vendorCode: error.vendorCode,
          requestId: error.requestId,
          cause: error,
        });
      throw error;
    });
    const now = this.deps.clock.now();
    this.hidden.set(ref.vendorTaskId, now + HIDE_COMPLETED_MS);
    return {
      completedAt: readTime(data.data.completed_at, this.timeZone),
      nextStep: data.data.next_step ?? null,
    };
  }

  async reassign(
    ref: Contract.TaskRef,
    target: ReassignTarget,
    signal?: AbortSignal,
  ): Promise<void> {
    const body: Record<string, string> =
      target.kind === 'user' ? { assign_to_user_id: target.id } : { assign_to_group_id: target.id };
    if (target.comment !== null && target.comment !== '') body.comment = target.comment;
    await this.call({
      method: 'POST',
      path: `/workflow/tasks/${encodeURIComponent(ref.vendorTaskId)}/reassign`,
      json: body,
      schema: ReassignResponseSchema,
      signal,
      what: 'reassigning a task',
    });
    // Handed to someone else: it leaves the inbox, though the read cache may list it a while.
    if (target.kind === 'user' && target.id !== this.session.userId) {
      this.hidden.set(ref.vendorTaskId, this.deps.clock.now() + HIDE_COMPLETED_MS);
    }
  }

  /** Every page of one list query: `offset + limit ≥ total` ends it. */
  private async listAll(signal?: AbortSignal): Promise<GeoTask[]> {
    const rows: GeoTask[] = [];
    let offset = 0;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const { data } = await this.call({
        method: 'GET',
        path: '/workflow/tasks',
        query: { limit: PAGE_SIZE_MAX, offset },
        schema: ListResponseSchema,
        idempotent: true,
        signal,
        what: 'listing tasks',
      });
      rows.push(...data.data);
      const next = offset + data.meta.limit;
      if (next >= data.meta.total || data.data.length === 0) return rows;
      offset = next;
    }
    throw new VendorError('malformed', `GeoTareas kept paging past ${MAX_PAGES} pages of tasks.`);
  }

  /** One authorised call; on a 401 it signs in again (and re-reads the API key) and retries once. */
  private async call<T>(spec: CallSpec<T>): Promise<HttpResponse<T>> {
    const { path, ...rest } = spec;
    try {
      return await withToken(
        (refused?: Credentials) => this.session.credentials(spec.signal, refused?.token),
        ({ token, apiKey }) =>
          this.http.request({
            ...rest,
            url: `${this.account.baseUrl}${path}`,
            headers: {
              Authorization: `Bearer ${token}`,
              'X-API-Key': apiKey,
              tenant: this.account.tenant,
            },
          }),
        {
          onRenew: () =>
            this.deps.logger.info('GeoTareas refused the session; signing in again', {
              account: this.account.id,
            }),
          refusedAgain: refusedAfterSignIn,
        },
      );
    } catch (error) {
      if (isVendorError(error) && error.vendorCode === 'BAD_REQUEST') throw missingHeaders(error);
      throw error;
    }
  }

  private context(now: number): NormalizeContext {
    return {
      accountId: this.account.id,
      timeZone: this.timeZone,
      now,
      webUrl: this.account.webUrl ?? null,
      vendorOverdue: false,
    };
  }

  private pruneHidden(now: number): void {
    for (const [id, until] of this.hidden) if (until <= now) this.hidden.delete(id);
  }

  private assertSameId(asked: string, got: string): void {
    if (asked !== got) {
      throw new VendorError('malformed', `GeoTareas answered task ${got} when asked for ${asked}.`);
    }
  }
}

/** The body GeoTareas expects: the result, the task's own fields only, and a comment if any. */
export function completionBody(task: Task, request: CompletionRequest): Record<string, JsonValue> {
  const body: Record<string, JsonValue> = { result_code: request.resultCode ?? '' };
  const names = new Set(task.completion.fields.map((field) => field.name));
  const captured = Object.fromEntries(
    Object.entries(request.data).filter(([name]) => names.has(name)),
  );
  if (Object.keys(captured).length > 0) body.captured_data = captured;
  if (request.comment !== null && request.comment !== '') body.comment = request.comment;
  return body;
}

function refusedAfterSignIn(error: VendorError): VendorError {
  return new VendorError(
    'auth',
    'GeoTareas refused the request even right after signing in again: the company API key or tenant is probably wrong.',
    {
      hintCode: 'hint.checkGeoApiKey',
      status: error.status,
      vendorCode: error.vendorCode,
      requestId: error.requestId,
      secret: 'apiKey',
      cause: error,
    },
  );
}

/** BAD_REQUEST is GeoTareas' answer to missing headers: on our calls, an unusable key or tenant. */
function missingHeaders(error: VendorError): VendorError {
  return new VendorError(
    'auth',
    `GeoTareas did not find the credentials it needs in the request (${error.message.replace(/^.*?: /, '').replace(/\.$/, '')}): the stored API key or the tenant is empty or unusable.`,
    {
      hint: 'Check the API key (gtk_…) and the tenant host in the account settings.',
      status: error.status,
      vendorCode: error.vendorCode,
      requestId: error.requestId,
      secret: 'apiKey',
      cause: error,
    },
  );
}

/** The documented sliding windows; sign-ins are exempt because the session budgets them itself. */
export const GEOTAREAS_BUDGET: BudgetSpec = {
  read: { limit: READS_PER_MINUTE, windowMs: 60_000 },
  write: { limit: WRITES_PER_MINUTE, windowMs: 60_000 },
  classify: (method, url) =>
    url.pathname.endsWith('/login') ? 'exempt' : method === 'GET' ? 'read' : 'write',
  minPollIntervalMs: READ_CACHE_MS,
};

export const geotareasFactory = adapterFactory(GeoTareasAdapter, {
  vendor: 'geotareas',
  capabilities: GEOTAREAS_CAPABILITIES,
  budget: GEOTAREAS_BUDGET,
});
