// Maxsight /v5 tasks: list "my" open tasks through the AG-Grid-filtered search, read one task,
// reassign it with optimistic locking. v5 has no completion call: tasks are worked in Maxsight.
import { z } from 'zod';
import type { MaxsightAccount } from '../../../shared/account';
import type { FieldError } from '../../../shared/errors';
import {
  InstantSchema,
  JsonValueSchema,
  taskId,
  type Instant,
  type JsonValue,
  type Party,
  type ReassignTarget,
  type Task,
  type TaskCompletion,
  type TaskStatus,
} from '../../../shared/task';
import { adapterFactory } from '../adapter';
import type * as Contract from '../adapter';
import { pace } from '../cooperative';
import {
  MAXSIGHT_COMPLETED_PREFIX,
  MAXSIGHT_ERROR_MESSAGE_KEYS,
  MAXSIGHT_IF_MATCH_HEADER,
  MAXSIGHT_MAX_PAGE_SIZE,
  MAXSIGHT_MY_TASKS_COLUMN,
  MAXSIGHT_OPEN_STATUS,
  MAXSIGHT_REGION_BASE_URLS,
  MAXSIGHT_REQUEST_ID_HEADER,
  MAXSIGHT_SEARCH_RETURNS_FULL_TASKS,
  MAXSIGHT_STATUS_COLUMN,
  MAXSIGHT_VERSION_MISMATCH_STATUS,
  MAXSIGHT_WEB_TASK_PATH,
} from '../assumptions/maxsight';
import { HttpClient, type ErrorDetails, type HttpResponse, type RequestSpec } from '../http';
import { storedApiKey } from '../stored-api-key';
import { parseInstant } from '../time';
import { VendorError } from '../vendor-error';
import { defaultBudgetWith } from '../rate-budget';
import { plainJson } from '../own-key';

const LABEL = 'Maxsight';
const HOUR_MS = 3_600_000;
/** A paging loop longer than this (20,000 tasks) means the tokens do not end. */
const MAX_PAGES = 400;

const REGION_HOSTS = Object.values(MAXSIGHT_REGION_BASE_URLS)
  .map((url) => new URL(url).host)
  .join(', ');

/** Maxsight's troubleshooting names all three causes of a refused call. */
export const MAXSIGHT_HINTS = {
  auth: 'hint.maxsightAuth',
  forbidden: 'hint.maxsightForbidden',
} as const;

export const MAXSIGHT_COMPLETION_UNAVAILABLE =
  "Maxsight's API has no way to complete a task: tasks are worked in Maxsight's own screens. Open the task in Maxsight to finish it.";

export const MAXSIGHT_CAPABILITIES: Contract.AdapterCapabilities = {
  complete: false,
  reassignToUser: true,
  reassignToGroup: true,
  results: false,
  formFields: false,
  logs: false,
  overdue: 'age-limit',
  escalation: false,
  browserSignIn: false,
  limitations: [
    "Tasks cannot be completed from Tasktray: Maxsight's v5 API has no completion call, so tasks are worked in Maxsight's own screens (“Open in Maxsight”).",
    'Maxsight tasks have no due date: a task counts as overdue once it is older than the account’s age limit.',
    'Maxsight has no escalation flag, so no task is shown as escalated.',
    'Only tasks assigned to you personally are listed: the API cannot tell which teams you belong to.',
    'Maxsight’s task API gives only ids for people and teams, so they are shown by id.',
    'Maxsight signs in with an API key rather than a browser sign-in.',
  ],
};

// --- Vendor records --------------------------------------------------------------------------

const AssignmentSchema = z.looseObject({
  assigned_by_id: z.string().nullish(),
  assigned_to_id: z.string().nullish(),
  assigned_to_type: z.string().nullish(),
  assignment_comment: z.string().nullish(),
});

/** Strict on what identifies and classifies a task; lenient on everything optional. */
export const MaxsightTaskSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  c_name: z.string().nullish(),
  name: z.string().nullish(),
  step_name: z.string().nullish(),
  assignment: AssignmentSchema.nullish(),
  entity_id: z.string().nullish(),
  assessment_id: z.string().nullish(),
  assessment_template_id: z.string().nullish(),
  workflow_instance_id: z.string().nullish(),
  microfrontend_id: z.string().nullish(),
  institution_id: z.string().nullish(),
  locked_at: z.string().nullish(),
  data_version: z.number().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});
export type MaxsightTask = z.infer<typeof MaxsightTaskSchema>;

/** Items stay plain JSON here so each keeps its exact record for `raw`. */
const SearchPageSchema = z.object({
  items: z.array(JsonValueSchema),
  next_page_token: z.string().nullish(),
});
type SearchPage = z.infer<typeof SearchPageSchema>;

// --- Pure normalisers (exported for the property tests) ---------------------------------------

export function mapMaxsightStatus(raw: string): TaskStatus {
  const status = raw.trim().toUpperCase();
  if (status === MAXSIGHT_OPEN_STATUS) return 'open';
  if (status.startsWith(MAXSIGHT_COMPLETED_PREFIX)) return 'completed';
  return 'other';
}

/** An instant the task model accepts, or null (parseInstant may yield years beyond 9999). */
export function readInstant(value: string | null | undefined): Instant | null {
  const instant = parseInstant(value);
  return instant !== null && InstantSchema.safeParse(instant).success ? instant : null;
}

/** No due field exists: a still-open task is overdue once older than the account's age limit. */
export function isMaxsightOverdue(
  status: TaskStatus,
  createdAt: Instant | null,
  nowMs: number,
  overdueAfterHours: number,
): boolean {
  if (createdAt === null || (status !== 'open' && status !== 'in_progress')) return false;
  // The age is exact (whole milliseconds); adding a fractional limit to a creation time instead
  // would round, and could call a task older than its limit not overdue.
  return nowMs - Date.parse(createdAt) > overdueAfterHours * HOUR_MS;
}

/** Text worth showing: blank text reads as absent. */
function nonEmpty(value: string | null | undefined): string | null {
  return value !== null && value !== undefined && value.trim() !== '' ? value : null;
}

/** An id is kept exactly as sent: only a missing or empty one is absent (blanks are not trimmed). */
function presentId(value: string | null | undefined): string | null {
  return value !== null && value !== undefined && value !== '' ? value : null;
}

function assignmentParties(record: MaxsightTask): { assignee: Party | null; group: Party | null } {
  const id = presentId(record.assignment?.assigned_to_id);
  if (id === null) return { assignee: null, group: null };
  // The API names nobody: the id is all there is to show.
  const party = { id, name: id };
  const isTeam = record.assignment?.assigned_to_type?.toUpperCase() === 'TEAM';
  return isTeam ? { assignee: null, group: party } : { assignee: party, group: null };
}

function locatorOf(record: MaxsightTask): Record<string, string> {
  const locator: Record<string, string> = {};
  // Kept verbatim: it goes back as If-Match, and reformatting could break the comparison.
  if (record.updated_at) locator.updatedAt = record.updated_at;
  if (typeof record.data_version === 'number') locator.dataVersion = String(record.data_version);
  return locator;
}

export function maxsightWebUrl(webUrl: string | undefined, vendorTaskId: string): string | null {
  return webUrl ? `${webUrl}${MAXSIGHT_WEB_TASK_PATH(vendorTaskId)}` : null;
}

const NO_COMPLETION: TaskCompletion = {
  kind: 'none',
  results: [],
  fields: [],
  unavailableReason: MAXSIGHT_COMPLETION_UNAVAILABLE,
};

export interface NormaliseContext {
  account: Pick<MaxsightAccount, 'id' | 'webUrl' | 'overdueAfterHours'>;
  nowMs: number;
  detailLoaded: boolean;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** One Maxsight task record as a Task; a missing id or a wrong type is `malformed`. */
export function normaliseMaxsightTask(raw: JsonValue, context: NormaliseContext): Task {
  const parsed = MaxsightTaskSchema.safeParse(raw);
  if (!parsed.success) {
    throw new VendorError(
      'malformed',
      `${LABEL} sent a task Tasktray cannot read (${describeIssues(parsed.error)}).`,
    );
  }
  const record = parsed.data;
  const status = mapMaxsightStatus(record.status);
  const createdAt = readInstant(record.created_at);
  const entityId = presentId(record.entity_id);
  return {
    id: taskId(context.account.id, record.id),
    accountId: context.account.id,
    vendor: 'maxsight',
    vendorTaskId: record.id,
    locator: locatorOf(record),
    title: nonEmpty(record.c_name) ?? nonEmpty(record.name) ?? nonEmpty(record.step_name) ?? 'Task',
    workflowName: null,
    stepName: nonEmpty(record.step_name),
    // The assigner's note is the only free text a Maxsight task carries.
    description: nonEmpty(record.assignment?.assignment_comment),
    status,
    rawStatus: record.status,
    priority: null,
    createdAt,
    updatedAt: readInstant(record.updated_at),
    dueAt: null,
    overdue: isMaxsightOverdue(status, createdAt, context.nowMs, context.account.overdueAfterHours),
    escalated: false,
    ...assignmentParties(record),
    entity: entityId === null ? null : { type: 'entity', id: entityId, label: entityId },
    webUrl: maxsightWebUrl(context.account.webUrl, record.id),
    completion: NO_COMPLETION,
    previousSteps: [],
    logs: [],
    detailLoaded: context.detailLoaded,
    raw: plainJson(raw),
  };
}

// --- Requests ----------------------------------------------------------------------------------

export type MaxsightTextFilter = { filterType: 'text'; type: 'equals'; filter: string };

export interface MaxsightSearchBody {
  filter_model: Record<string, MaxsightTextFilter>;
  max_page_size: number;
  sorting_field: 'CREATED_AT';
  sorting_type: 'ASC';
  page_token?: string;
}

/** "My open tasks", oldest first, so the order survives paging while new tasks arrive. */
export function buildMyTasksSearch(
  userId: string,
  pageToken: string | null,
  pageSize: number = MAXSIGHT_MAX_PAGE_SIZE,
): MaxsightSearchBody {
  return {
    filter_model: {
      [MAXSIGHT_MY_TASKS_COLUMN]: { filterType: 'text', type: 'equals', filter: userId },
      [MAXSIGHT_STATUS_COLUMN]: {
        filterType: 'text',
        type: 'equals',
        filter: MAXSIGHT_OPEN_STATUS,
      },
    },
    max_page_size: pageSize,
    sorting_field: 'CREATED_AT',
    sorting_type: 'ASC',
    ...(pageToken ? { page_token: pageToken } : {}),
  };
}

export function buildAssignmentUpdate(assignedById: string, target: ReassignTarget) {
  const comment = target.comment?.trim() ? target.comment : null;
  return {
    update: {
      assigned_by_id: assignedById,
      assigned_to_id: target.id,
      assigned_to_type: target.kind === 'group' ? ('TEAM' as const) : ('USER' as const),
      assignment_comment: comment,
    },
  };
}

const ValidationItemSchema = z.looseObject({
  loc: z.array(z.union([z.string(), z.number()])).optional(),
  field: z.string().optional(),
  msg: z.string().optional(),
  message: z.string().optional(),
});

// FastAPI-style locations start with where the value was: only the rest names the field.
const LOCATION_ROOTS = new Set(['body', 'query', 'path', 'header']);

function fieldErrors(items: unknown): FieldError[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item) => {
    const parsed = ValidationItemSchema.safeParse(item);
    if (!parsed.success) return [];
    const loc = parsed.data.loc ?? [];
    const path = loc.filter((part, i) => !(i === 0 && LOCATION_ROOTS.has(String(part))));
    const field = parsed.data.field ?? (path.length > 0 ? path.join('.') : '(request)');
    const message = parsed.data.msg ?? parsed.data.message ?? 'is invalid';
    return [{ field, message }];
  });
}

/** Reads whatever error body Maxsight sends (undocumented): `detail`, `message`, a field list. */
export function describeMaxsightError(status: number, body: unknown): ErrorDetails {
  const details: ErrorDetails = {};
  if (status === MAXSIGHT_VERSION_MISMATCH_STATUS) details.kind = 'conflict';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return details;
  const record = body as Record<string, unknown>;
  for (const key of MAXSIGHT_ERROR_MESSAGE_KEYS) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') {
      details.message = value;
      break;
    }
  }
  const fields = [...fieldErrors(record.detail), ...fieldErrors(record.errors)];
  if (fields.length > 0) {
    details.fields = fields;
    details.message ??= fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  }
  const code = record.code ?? record.error_code;
  if (typeof code === 'string' || typeof code === 'number') details.vendorCode = String(code);
  return details;
}

// --- The adapter -----------------------------------------------------------------------------

type Spec<T> = Omit<RequestSpec<T>, 'url' | 'headers'> & {
  path: string;
  headers?: Record<string, string>;
};

class MaxsightAdapter implements Contract.VendorAdapter {
  readonly vendor = 'maxsight' as const;
  readonly capabilities = MAXSIGHT_CAPABILITIES;
  /** No read cache is documented. */
  readonly readStalenessMs = 0;
  private readonly http: HttpClient;
  private apiKey: string | null = null;
  /**
   * After a version mismatch: task id → the stale version and the one read right after. A retry
   * of the same change then carries the version the user was told about, not the stale one.
   */
  private readonly reread = new Map<string, { stale: string; fresh: string }>();

  constructor(
    private readonly account: MaxsightAccount,
    private readonly deps: Contract.AdapterDeps,
  ) {
    this.http = new HttpClient({
      fetch: deps.fetch,
      clock: deps.clock,
      logger: deps.logger,
      vendorLabel: LABEL,
      // Spread only when set: an explicit undefined would replace HttpClient's default.
      ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}),
      requestIdHeader: MAXSIGHT_REQUEST_ID_HEADER,
      describeError: describeMaxsightError,
      hints: MAXSIGHT_HINTS,
      hintParams: { regions: REGION_HOSTS },
    });
  }

  get accountId(): string {
    return this.account.id;
  }

  /** An API key account has no interactive sign-in; this checks the key with a one-item search. */
  async signIn(signal?: AbortSignal): Promise<Contract.SignedInUser> {
    await this.send({
      method: 'POST',
      path: '/tasks/search',
      json: buildMyTasksSearch(this.account.userId, null, 1),
      schema: SearchPageSchema,
      idempotent: true,
      signal,
      what: 'checking the API key',
    });
    return { id: this.account.userId, name: null };
  }

  async listOpenTasks(signal?: AbortSignal): Promise<Task[]> {
    const tasks = new Map<string, Task>();
    const seenTokens = new Set<string>();
    let pageToken: string | null = null;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const { data }: HttpResponse<SearchPage> = await this.send({
        method: 'POST',
        path: '/tasks/search',
        json: buildMyTasksSearch(this.account.userId, pageToken),
        schema: SearchPageSchema,
        // A search changes nothing, so it is safe to send again.
        idempotent: true,
        signal,
        what: 'listing tasks',
      });
      const nowMs = this.deps.clock.now();
      for (const item of data.items) {
        const task = normaliseMaxsightTask(item, {
          account: this.account,
          nowMs,
          detailLoaded: MAXSIGHT_SEARCH_RETURNS_FULL_TASKS,
        });
        if (this.isMineAndOpen(task)) tasks.set(task.vendorTaskId, task);
        await pace();
      }
      pageToken = data.next_page_token ? data.next_page_token : null;
      if (pageToken === null) return [...tasks.values()];
      if (seenTokens.has(pageToken)) throw this.pagingError('repeated a page token');
      seenTokens.add(pageToken);
    }
    throw this.pagingError(`kept sending pages after ${MAX_PAGES}`);
  }

  async getTask(ref: Contract.TaskRef, signal?: AbortSignal): Promise<Task> {
    const { data } = await this.send({
      method: 'GET',
      path: `/tasks/${encodeURIComponent(ref.vendorTaskId)}`,
      schema: JsonValueSchema,
      idempotent: true,
      signal,
      what: 'reading the task',
    });
    return normaliseMaxsightTask(data, {
      account: this.account,
      nowMs: this.deps.clock.now(),
      detailLoaded: true,
    });
  }

  async complete(): Promise<Contract.CompletionOutcome> {
    // Nothing is sent: v5 has no completion call, and faking one would mislead the user.
    throw new VendorError('unsupported', MAXSIGHT_COMPLETION_UNAVAILABLE, {
      hintCode: this.account.webUrl ? 'hint.maxsightOpenIn' : 'hint.maxsightOwnScreens',
    });
  }

  async reassign(
    ref: Contract.TaskRef,
    target: ReassignTarget,
    signal?: AbortSignal,
  ): Promise<void> {
    // The version the user saw: if the task changed since, Maxsight refuses (a conflict).
    const version = this.versionFor(ref) ?? (await this.getTask(ref, signal)).locator.updatedAt;
    if (version === undefined) {
      throw new VendorError(
        'malformed',
        `${LABEL} did not say when the task was last updated, which reassigning it requires.`,
      );
    }
    try {
      await this.send({
        method: 'PUT',
        path: `/tasks/${encodeURIComponent(ref.vendorTaskId)}/update-assignment`,
        headers: { [MAXSIGHT_IF_MATCH_HEADER]: version },
        json: buildAssignmentUpdate(this.account.userId, target),
        // Never resent on its own: a lost answer would come back as a false version mismatch.
        idempotent: false,
        signal,
        what: 'reassigning the task',
      });
      this.reread.delete(ref.vendorTaskId);
    } catch (error) {
      if (!(error instanceof VendorError) || error.kind !== 'conflict') throw error;
      throw await this.afterMismatch(ref, version, error, signal);
    }
  }

  /** The version to send: the ref's, unless a mismatch on exactly that one was read past. */
  private versionFor(ref: Contract.TaskRef): string | undefined {
    const stale = ref.locator.updatedAt;
    const known = this.reread.get(ref.vendorTaskId);
    return known && known.stale === stale ? known.fresh : stale;
  }

  /** Reads the task again after a mismatch, so the next try carries the version it has now. */
  private async afterMismatch(
    ref: Contract.TaskRef,
    sent: string,
    error: VendorError,
    signal?: AbortSignal,
  ): Promise<VendorError> {
    const fresh = await this.getTask(ref, signal).catch(() => null);
    const now = fresh?.locator.updatedAt;
    if (now !== undefined && now !== sent) {
      const stale = ref.locator.updatedAt ?? sent;
      this.reread.set(ref.vendorTaskId, { stale, fresh: now });
    }
    const who = fresh?.assignee?.name ?? fresh?.group?.name ?? null;
    const news = now ? ` It was updated at ${now}${who ? ` and is now with ${who}` : ''}.` : '';
    return new VendorError(
      'conflict',
      `${error.message} The task changed since Tasktray read it.${news}`,
      {
        status: error.status,
        requestId: error.requestId,
        vendorCode: error.vendorCode,
        hint: 'Reload the task and try again: Tasktray has read it again, so the next try uses its new version.',
        cause: error,
      },
    );
  }

  private isMineAndOpen(task: Task): boolean {
    if (task.status === 'completed') return false;
    // Defence in depth if the filter were ignored; ids compare case-insensitively (UUIDs).
    const assigneeId = task.assignee?.id ?? task.group?.id ?? null;
    return assigneeId === null || assigneeId.toLowerCase() === this.account.userId.toLowerCase();
  }

  private pagingError(what: string): VendorError {
    return new VendorError('malformed', `${LABEL} ${what} while listing tasks.`);
  }

  /** Every call carries the API key; a refused key is re-read once in case it was replaced. */
  private async send<T>(spec: Spec<T>): Promise<HttpResponse<T>> {
    const key = await this.loadKey(false);
    try {
      return await this.http.request(this.withKey(spec, key));
    } catch (error) {
      if (!(error instanceof VendorError) || error.kind !== 'auth') throw error;
      const fresh = await this.loadKey(true);
      if (fresh === key) throw error;
      this.deps.logger.info('Maxsight refused the API key; retrying with the one now stored', {
        what: spec.what,
      });
      return this.http.request(this.withKey(spec, fresh));
    }
  }

  private withKey<T>(spec: Spec<T>, key: string): RequestSpec<T> {
    const { path, headers, ...rest } = spec;
    return { ...rest, url: `${this.account.baseUrl}${path}`, headers: { ...headers, apikey: key } };
  }

  private async loadKey(reload: boolean): Promise<string> {
    if (this.apiKey !== null && !reload) return this.apiKey;
    this.apiKey = await storedApiKey(this.deps, this.account.id, LABEL, 'hint.addMaxsightApiKey');
    return this.apiKey;
  }
}

export const maxsightFactory = adapterFactory(MaxsightAdapter, {
  vendor: 'maxsight',
  capabilities: MAXSIGHT_CAPABILITIES,
  budget: defaultBudgetWith((method, url) =>
    method === 'GET' || url.pathname.endsWith('/tasks/search') ? 'read' : 'write',
  ),
});
