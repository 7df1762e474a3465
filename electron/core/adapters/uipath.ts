// UiPath Orchestrator — Action Center tasks (App, Form and generic tasks) for the signed-in user.
import { z } from 'zod';
import type { UiPathAccount } from '../../../shared/account';
import type { FieldError } from '../../../shared/errors';
import type { MessageKey } from '../../../shared/i18n/format';
import {
  MAX_COMMENT_LENGTH,
  VENDOR_LABELS,
  type Assignee,
  type CompletionRequest,
  type GroupDistribution,
  type JsonValue,
  type Party,
  type ReassignTarget,
  type Task,
  type TaskComment,
} from '../../../shared/task';
import { adapterFactory } from '../adapter';
import type * as Contract from '../adapter';
import { pace } from '../cooperative';
import {
  APP_TASKS_FILTER,
  CLAIM_PATH,
  CREATE_TASK_NOTE_PATH,
  CURRENT_USER_PATH,
  EXPAND_FORM_LAYOUT_QUERY,
  GROUP_USER_TYPES,
  MERGE_TASK_DATA_ON_COMPLETE,
  RELEASE_PATH,
  VALIDATION_ERROR_KEYS,
  myTasksFilter,
  taskNotesPath,
  taskUsersPath,
  type GroupAssignmentCriteria,
} from '../assumptions/uipath';
import { assertCompletable } from '../completion-check';
import { HttpClient, type ErrorDetails, type HttpResponse, type RequestSpec } from '../http';
import { adapterSession, type OAuthMode, type OAuthSession } from '../oauth';
import { VendorError } from '../vendor-error';
import { withToken } from '../with-token';
import {
  ODataTaskPageSchema,
  ODataUserSchema,
  TaskDetailSchema,
  detailData,
  escalatedSince,
  heldByOther,
  idText,
  mapStatus,
  normalizeDetail,
  normalizeTask,
  odataUserParty,
  statusName,
  taskKind,
  toInstant,
  type NormalizeContext,
  type ODataTask,
  type TaskDetail,
  type TaskKind,
} from './uipath-normalize';
import { defaultBudgetWith, exemptTokenEndpoint } from '../rate-budget';

export * from './uipath-normalize';
export { parseFormLayout } from './uipath-form';

const LABEL = VENDOR_LABELS.uipath;
export const UIPATH_PAGE_SIZE = 100;
/** A runaway guard: 100 pages of 100 is far more than anyone's inbox. */
const MAX_PAGES = 100;
const TASKS = '/odata/Tasks/UiPath.Server.Configuration.OData';
const LIST_PATH = `${TASKS}.GetTasksAcrossFolders`;
const REASSIGN_PATH = `${TASKS}.ReassignTasks`;
const EXPAND = 'AssignedToUser,Activities';
const FOLDER_HEADER = 'X-UIPATH-OrganizationUnitId';

export const DETAIL_PATHS: Record<TaskKind, string> = {
  app: '/tasks/AppTasks/GetAppTaskById',
  form: '/forms/TaskForms/GetTaskFormById',
  generic: '/tasks/GenericTasks/GetTaskDataById',
};

export const COMPLETE_PATHS: Record<TaskKind, string> = {
  app: '/tasks/AppTasks/CompleteAppTask',
  form: '/forms/TaskForms/CompleteTask',
  generic: '/tasks/GenericTasks/CompleteTask',
};

const APP_CANNOT_COMPLETE =
  'Signed in as an app (client credentials): UiPath lets only the assignee complete a task. Open it in Action Center.';

const LIMITATIONS = [
  'A comment typed with a completion or a reassignment is not sent with it (UiPath’s calls take none); add it as a task comment instead, where the Orchestrator has task comments.',
  'Escalation is inferred: UiPath has no escalation flag, so a task counts as escalated when, after Tasktray first saw it, someone else forwarded or reassigned it or its priority was raised.',
  'Forms with parts Tasktray cannot show (data grids, signatures…), and App tasks that do not name their outcomes, are completed in Action Center.',
  'With client credentials Tasktray acts as an app: it lists every open task the app can see, not one person’s, and cannot complete, claim or comment, because UiPath ties these to a user.',
];

const TASK_USERS_PAGE = 500;
const MAX_TASK_USER_PAGES = 20;
const CRITERIA: Record<GroupDistribution, GroupAssignmentCriteria> = {
  all: 'AllUsers',
  workload: 'Workload',
  'round-robin': 'RoundRobin',
};

const CAPABILITIES: Contract.AdapterCapabilities = {
  complete: true,
  reassignToUser: true,
  reassignToGroup: true,
  results: true,
  formFields: true,
  logs: true,
  overdue: 'vendor',
  escalation: true,
  browserSignIn: true,
  claim: true,
  assigneePicker: true,
  groupDistributions: ['all', 'workload', 'round-robin'],
  comments: true,
  limitations: LIMITATIONS,
};

function capabilitiesFor(mode: UiPathAccount['auth']['mode']): Contract.AdapterCapabilities {
  if (mode === 'pkce') return CAPABILITIES;
  return {
    ...CAPABILITIES,
    complete: mode !== 'client_credentials',
    claim: mode !== 'client_credentials',
    comments: mode !== 'client_credentials',
    browserSignIn: false,
  };
}

const TaskUserSchema = z.looseObject({
  Id: z.union([z.number(), z.string()]),
  Name: z.string().nullish(),
  Surname: z.string().nullish(),
  UserName: z.string().nullish(),
  EmailAddress: z.string().nullish(),
  DisplayName: z.string().nullish(),
  Type: z.union([z.string(), z.number()]).nullish(),
});
const TaskUserPageSchema = z.looseObject({
  '@odata.count': z.number().int().nonnegative().nullish(),
  value: z.array(TaskUserSchema),
});

const TaskNoteSchema = z.looseObject({
  Id: z.union([z.number(), z.string()]),
  Text: z.string().nullish(),
  CreationTime: z.string().nullish(),
  CreatedTime: z.string().nullish(),
  CreatorUserId: z.union([z.number(), z.string()]).nullish(),
  CreatorUser: z
    .looseObject({
      Name: z.string().nullish(),
      Surname: z.string().nullish(),
      UserName: z.string().nullish(),
    })
    .nullish(),
});
type TaskNote = z.infer<typeof TaskNoteSchema>;
const TaskNotePageSchema = z.looseObject({ value: z.array(TaskNoteSchema) });

const ReassignResultSchema = z.looseObject({
  value: z.array(
    z.looseObject({
      TaskId: z.union([z.number(), z.string()]).nullish(),
      ErrorCode: z.union([z.number(), z.string()]).nullish(),
      ErrorMessage: z.string().nullish(),
    }),
  ),
});

// ---------------------------------------------------------------------------------------------
// Errors: `{message, errorCode, traceId}` from Orchestrator, `{error, error_description}` from
// the identity server.

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function validationFields(body: Record<string, unknown>): FieldError[] {
  const fields: FieldError[] = [];
  for (const key of VALIDATION_ERROR_KEYS) {
    const map = body[key];
    if (typeof map !== 'object' || map === null || Array.isArray(map)) continue;
    for (const [name, messages] of Object.entries(map)) {
      const list = Array.isArray(messages) ? messages : [messages];
      // `data.amount` names the key the user filled: the field is `amount`; `action` is the
      // task's result (the windows know only the task's own names).
      const key = name.replace(/^data\./i, '');
      const field = key.toLowerCase() === 'action' ? 'result' : key;
      for (const message of list) {
        const text = stringOf(message);
        if (text) fields.push({ field, message: text });
      }
    }
  }
  return fields;
}

export function describeUiPathError(_status: number, body: unknown): ErrorDetails {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const record = body as Record<string, unknown>;
  const message = stringOf(record.message) ?? stringOf(record.error_description);
  const traceId = stringOf(record.traceId);
  const vendorCode = stringOf(record.errorCode) ?? stringOf(record.error);
  const details: ErrorDetails = { fields: validationFields(record) };
  if (message) details.message = message;
  if (traceId) details.requestId = traceId;
  if (vendorCode) details.vendorCode = vendorCode;
  return details;
}

// ---------------------------------------------------------------------------------------------

function oauthMode(account: UiPathAccount): OAuthMode {
  const { auth, identityUrl } = account;
  const tokenUrl = `${identityUrl}/connect/token`;
  switch (auth.mode) {
    case 'pkce':
      return {
        mode: 'pkce',
        clientId: auth.clientId,
        scope: auth.scopes,
        authorizeUrl: `${identityUrl}/connect/authorize`,
        tokenUrl,
      };
    case 'client_credentials':
      return { mode: 'client_credentials', clientId: auth.clientId, scope: auth.scopes, tokenUrl };
    case 'pat':
      return { mode: 'static' };
  }
}

/** The vendor's id as a safe JSON number, as the write calls want it. */
function numericId(vendorTaskId: string): number {
  const id = Number(vendorTaskId);
  if (!/^\d+$/.test(vendorTaskId) || !Number.isSafeInteger(id)) {
    throw new VendorError('validation', `“${vendorTaskId}” is not a UiPath task id.`, {
      hintCode: 'hint.reloadTasks',
    });
  }
  return id;
}

interface Loaded {
  task: Task;
  record: ODataTask;
  detail: TaskDetail;
}

type Spec<T> = Omit<RequestSpec<T>, 'url'> & { path: string };

class UiPathAdapter implements Contract.VendorAdapter {
  readonly vendor = 'uipath';
  readonly accountId: string;
  readonly capabilities: Contract.AdapterCapabilities;
  /** No read cache is documented. */
  readonly readStalenessMs = 0;
  private readonly http: HttpClient;
  private readonly session: OAuthSession;
  private user: Party | null = null;

  constructor(
    private readonly account: UiPathAccount,
    private readonly deps: Contract.AdapterDeps,
  ) {
    this.accountId = account.id;
    this.capabilities = capabilitiesFor(account.auth.mode);
    this.http = new HttpClient({
      fetch: deps.fetch,
      clock: deps.clock,
      logger: deps.logger,
      vendorLabel: LABEL,
      describeError: describeUiPathError,
      hints: {
        forbidden: 'hint.uipathForbidden',
      },
      timeoutMs: deps.timeoutMs,
    });
    this.session = adapterSession(deps, {
      accountId: account.id,
      vendorLabel: LABEL,
      http: this.http,
      auth: oauthMode(account),
    });
  }

  private get isApp(): boolean {
    return this.account.auth.mode === 'client_credentials';
  }

  /** An Orchestrator call with a bearer token; a 401 renews the token and retries once. */
  private send<T>(spec: Spec<T>): Promise<HttpResponse<T>> {
    return withToken(
      (refused?: string) => this.session.token(refused),
      (token) => this.attempt(spec, token),
      { refusedAgain: (error) => this.tokenRefused(error) },
    );
  }

  private attempt<T>(spec: Spec<T>, token: string): Promise<HttpResponse<T>> {
    const { path, ...rest } = spec;
    return this.http.request({
      ...rest,
      url: `${this.account.orchestratorUrl}${path}`,
      headers: { ...spec.headers, Authorization: `Bearer ${token}` },
    });
  }

  private tokenRefused(error: VendorError): VendorError {
    const pat = this.account.auth.mode === 'pat';
    return new VendorError(
      'auth',
      pat
        ? `${LABEL} refused the personal access token: it has expired or was revoked.`
        : `${LABEL} refused the renewed sign-in (${error.message})`,
      {
        status: 401,
        vendorCode: error.vendorCode,
        hintCode: pat ? 'hint.uipathNewPat' : 'hint.signInAgainFromSettings',
        cause: error,
      },
    );
  }

  private context(): NormalizeContext {
    return {
      accountId: this.account.id,
      orchestratorUrl: this.account.orchestratorUrl,
      now: this.deps.clock.now(),
      currentUser: this.user,
      completionBlocked: this.isApp ? APP_CANNOT_COMPLETE : null,
    };
  }

  /** The signed-in user, asked once: "my tasks" filters on their id. Null for an app. */
  private async currentUser(signal?: AbortSignal): Promise<Party | null> {
    if (this.isApp) return null;
    if (this.user) return this.user;
    const { data } = await this.send({
      method: 'GET',
      path: CURRENT_USER_PATH,
      schema: ODataUserSchema,
      idempotent: true,
      what: 'reading the signed-in user',
      ...(signal ? { signal } : {}),
    });
    this.user = odataUserParty(data);
    return this.user;
  }

  async signIn(signal?: AbortSignal): Promise<Contract.SignedInUser> {
    this.user = null;
    if (this.account.auth.mode === 'pkce') await this.session.signIn(signal);
    if (this.account.auth.mode === 'client_credentials') {
      await this.session.accessToken();
      return { id: null, name: this.account.auth.clientId };
    }
    const user = await this.currentUser(signal);
    return { id: user?.id ?? null, name: user?.name ?? null };
  }

  async listOpenTasks(signal?: AbortSignal): Promise<Task[]> {
    const user = await this.currentUser(signal);
    const filter = user ? myTasksFilter(user.id) : APP_TASKS_FILTER;
    const tasks = new Map<string, Task>();
    let skip = 0;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const { data } = await this.send({
        method: 'GET',
        path: LIST_PATH,
        query: {
          $filter: filter,
          $orderby: 'Id asc',
          $expand: EXPAND,
          $top: UIPATH_PAGE_SIZE,
          $skip: skip,
          $count: true,
        },
        schema: ODataTaskPageSchema,
        idempotent: true,
        what: 'listing tasks',
        ...(signal ? { signal } : {}),
      });
      const ctx = this.context();
      // Keyed by id: a task that moved between pages while we paged is listed once.
      for (const record of data.value) {
        const task = normalizeTask(record, ctx);
        tasks.set(task.vendorTaskId, task);
        await pace();
      }
      skip += data.value.length;
      const total = data['@odata.count'];
      if (data.value.length < UIPATH_PAGE_SIZE || (typeof total === 'number' && skip >= total)) {
        return [...tasks.values()];
      }
    }
    this.deps.logger.warn('UiPath task list cut short', { pages: MAX_PAGES });
    return [...tasks.values()];
  }

  /** The list record (folder, type, activities) of one task, found across folders by id. */
  private async record(id: number, signal?: AbortSignal): Promise<ODataTask> {
    const { data } = await this.send({
      method: 'GET',
      path: LIST_PATH,
      query: { $filter: `Id eq ${id}`, $expand: EXPAND, $top: 1 },
      schema: ODataTaskPageSchema,
      idempotent: true,
      what: 'reading the task',
      ...(signal ? { signal } : {}),
    });
    const record = data.value[0];
    if (!record || idText(record.Id) !== String(id)) {
      throw new VendorError('not_found', `${LABEL} has no task ${id} that this account can see.`);
    }
    return record;
  }

  private async load(ref: Contract.TaskRef, signal?: AbortSignal): Promise<Loaded> {
    const id = numericId(ref.vendorTaskId);
    await this.currentUser(signal);
    const record = await this.record(id, signal);
    const kind = taskKind(record.Type);
    const { data: detail } = await this.send({
      method: 'GET',
      path: DETAIL_PATHS[kind],
      query: kind === 'form' ? { taskId: id, ...EXPAND_FORM_LAYOUT_QUERY } : { taskId: id },
      headers: { [FOLDER_HEADER]: idText(record.OrganizationUnitId) },
      schema: TaskDetailSchema,
      idempotent: true,
      what: 'reading the task',
      ...(signal ? { signal } : {}),
    });
    if (idText(detail.id) !== String(id)) {
      throw new VendorError(
        'malformed',
        `${LABEL} answered with task ${idText(detail.id)} for task ${id}.`,
      );
    }
    return { task: normalizeDetail(record, detail, this.context()), record, detail };
  }

  async getTask(ref: Contract.TaskRef, signal?: AbortSignal): Promise<Task> {
    return (await this.load(ref, signal)).task;
  }

  async complete(
    ref: Contract.TaskRef,
    request: CompletionRequest,
    signal?: AbortSignal,
  ): Promise<Contract.CompletionOutcome> {
    if (this.isApp) throw new VendorError('unsupported', APP_CANNOT_COMPLETE);
    const { task, record, detail } = await this.load(ref, signal);
    if (task.status === 'completed') {
      throw new VendorError('conflict', `Task ${task.vendorTaskId} is already completed.`);
    }
    // Someone else took it since it was queued: UiPath would refuse it (403), so it is not sent.
    const held = heldByOther(task.assignee, this.user);
    if (held) throw new VendorError('forbidden', held);
    const data: Record<string, JsonValue> = MERGE_TASK_DATA_ON_COMPLETE
      ? { ...detailData(detail), ...request.data }
      : request.data;
    // Checked as it will be sent: values the task already holds count.
    assertCompletable(task, { ...request, data });
    await this.send({
      method: 'POST',
      path: COMPLETE_PATHS[taskKind(record.Type)],
      headers: { [FOLDER_HEADER]: idText(record.OrganizationUnitId) },
      // Only an outcome the task named: external tasks take none, and a made-up one is refused.
      json: {
        taskId: numericId(task.vendorTaskId),
        data,
        ...(request.resultCode === null ? {} : { action: request.resultCode }),
      },
      what: 'completing the task',
      ...(signal ? { signal } : {}),
    });
    // 204 No Content: UiPath says nothing of when or what follows.
    return { completedAt: null, nextStep: null };
  }

  async reassign(
    ref: Contract.TaskRef,
    target: ReassignTarget,
    signal?: AbortSignal,
  ): Promise<void> {
    const taskId = numericId(ref.vendorTaskId);
    const assignmentCriteria =
      target.kind === 'group' ? CRITERIA[target.distribution ?? 'all'] : 'SingleUser';
    await this.assignment(ref, REASSIGN_PATH, 'error.reassignRefused', signal, {
      taskAssignments: [{ taskId, ...whoOf(target.id), assignmentCriteria }],
    });
  }

  async claim(ref: Contract.TaskRef, signal?: AbortSignal): Promise<void> {
    const user = await this.currentUser(signal);
    if (!user) throw new VendorError('unsupported', APP_CANNOT_CLAIM);
    const taskId = numericId(ref.vendorTaskId);
    try {
      await this.assignment(ref, CLAIM_PATH, 'error.claimRefused', signal, {
        taskAssignments: [{ taskId, userId: Number(user.id), assignmentCriteria: 'SingleUser' }],
      });
    } catch (error) {
      if (!(error instanceof VendorError) || error.code !== 'error.claimRefused') throw error;
      const holder = await this.holderAfterRefusal(taskId, signal);
      // Already the user's (a claim whose answer was lost, a second click): what was asked holds.
      if (holder?.id === user.id) return;
      if (!holder) throw error;
      throw new VendorError('conflict', `${holder.name} has already claimed this task.`, {
        code: 'error.claimTaken',
        hintCode: 'hint.claimTaken',
        params: { who: holder.name, vendor: LABEL },
        vendorCode: error.vendorCode,
        cause: error,
      });
    }
  }

  /**
   * Who holds the task after a refused claim, read now: UiPath's refusal carries a code and its
   * own words, but not who took the task. Null when nobody (or nobody known) holds it.
   */
  private async holderAfterRefusal(taskId: number, signal?: AbortSignal): Promise<Party | null> {
    const record = await this.record(taskId, signal).catch(() => null);
    const raw = record?.AssignedToUserId ?? record?.AssignedToUser?.Id;
    if (!record || raw === null || raw === undefined) return null;
    // Finished meanwhile: the refusal says so better than who held it.
    if (record.IsCompleted === true || mapStatus(statusName(record.Status)) !== 'open') return null;
    const id = idText(raw);
    const user = record.AssignedToUser ? odataUserParty(record.AssignedToUser) : null;
    return { id, name: user?.name ?? id };
  }

  async release(ref: Contract.TaskRef, signal?: AbortSignal): Promise<void> {
    if (this.isApp) throw new VendorError('unsupported', APP_CANNOT_CLAIM);
    await this.assignment(ref, RELEASE_PATH, 'error.releaseRefused', signal, {
      taskIds: [numericId(ref.vendorTaskId)],
    });
  }

  /**
   * Assign, reassign and unassign answer 200 with the assignments that failed; a refusal is told by
   * its catalog key (the windows show it in their language), with UiPath's reason as it came.
   */
  private async assignment(
    ref: Contract.TaskRef,
    path: string,
    refused: Extract<MessageKey, `error.${string}Refused`>,
    signal: AbortSignal | undefined,
    json: Record<string, JsonValue>,
  ): Promise<void> {
    const what = ASSIGNMENT_WHAT[refused];
    const folder = ref.locator.folderId;
    const { data } = await this.send({
      method: 'POST',
      path,
      ...(folder ? { headers: { [FOLDER_HEADER]: folder } } : {}),
      json,
      schema: ReassignResultSchema,
      what,
      ...(signal ? { signal } : {}),
    });
    const failed = data.value[0];
    if (failed) {
      const reason = failed.ErrorMessage ?? 'no reason given';
      throw new VendorError('validation', `${LABEL} refused ${what}: ${reason}`, {
        code: refused,
        params: { vendor: LABEL, reason },
        vendorCode: stringOf(failed.ErrorCode) ?? null,
        fields: [{ field: 'assignee', message: reason }],
        hintCode: 'hint.checkAssignee',
      });
    }
  }

  /** The users and groups of the task's folder who may work on tasks (GetTaskUsers). */
  async listAssignees(ref: Contract.TaskRef, signal?: AbortSignal): Promise<Assignee[]> {
    const folder =
      ref.locator.folderId ??
      idText((await this.record(numericId(ref.vendorTaskId), signal)).OrganizationUnitId);
    const out: Assignee[] = [];
    for (let page = 0; page < MAX_TASK_USER_PAGES; page += 1) {
      const { data } = await this.send({
        method: 'GET',
        path: taskUsersPath(folder),
        headers: { [FOLDER_HEADER]: folder },
        query: { $top: TASK_USERS_PAGE, $skip: page * TASK_USERS_PAGE, $count: true },
        schema: TaskUserPageSchema,
        idempotent: true,
        what: 'listing who may take the task',
        ...(signal ? { signal } : {}),
      });
      for (const user of data.value) out.push(assigneeOf(user));
      const total = data['@odata.count'];
      const seen = (page + 1) * TASK_USERS_PAGE;
      if (data.value.length < TASK_USERS_PAGE || (typeof total === 'number' && seen >= total))
        break;
    }
    return out;
  }

  async listComments(ref: Contract.TaskRef, signal?: AbortSignal): Promise<TaskComment[]> {
    const taskId = numericId(ref.vendorTaskId);
    const { data } = await this.notes(ref, {
      method: 'GET',
      path: taskNotesPath(taskId),
      ...this.folderHeaders(ref),
      schema: TaskNotePageSchema,
      idempotent: true,
      what: 'reading the task’s comments',
      ...(signal ? { signal } : {}),
    });
    return data.value.map(commentOf);
  }

  async addComment(
    ref: Contract.TaskRef,
    text: string,
    signal?: AbortSignal,
  ): Promise<TaskComment> {
    if (this.isApp) throw new VendorError('unsupported', APP_CANNOT_CLAIM);
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.length > MAX_COMMENT_LENGTH) {
      throw new VendorError(
        'validation',
        `A comment needs 1 to ${MAX_COMMENT_LENGTH} characters.`,
        {
          fields: [{ field: 'comment', message: `1 to ${MAX_COMMENT_LENGTH} characters.` }],
        },
      );
    }
    const { data } = await this.notes(ref, {
      method: 'POST',
      path: CREATE_TASK_NOTE_PATH,
      ...this.folderHeaders(ref),
      json: { taskId: numericId(ref.vendorTaskId), text: trimmed },
      schema: TaskNoteSchema,
      what: 'adding a comment',
      ...(signal ? { signal } : {}),
    });
    return commentOf(data);
  }

  /**
   * Task notes are recent: an Orchestrator without them answers 404 for the route. A 404 is told
   * apart from a missing task by looking the task up.
   */
  private async notes<T>(ref: Contract.TaskRef, spec: Spec<T>): Promise<HttpResponse<T>> {
    try {
      return await this.send(spec);
    } catch (error) {
      if (!(error instanceof VendorError) || error.status !== 404) throw error;
      await this.record(numericId(ref.vendorTaskId), spec.signal);
      throw new VendorError('unsupported', `This ${LABEL} has no task comments.`, {
        status: 404,
        hint: 'Comment in Action Center; task comments need a newer Orchestrator.',
        cause: error,
      });
    }
  }

  private folderHeaders(ref: Contract.TaskRef): { headers?: Record<string, string> } {
    const folder = ref.locator.folderId;
    return folder ? { headers: { [FOLDER_HEADER]: folder } } : {};
  }

  escalatedSince(seen: Task, current: Task): boolean {
    return escalatedSince(seen, current, this.user?.id ?? null);
  }
}

const ASSIGNMENT_WHAT: Record<Extract<MessageKey, `error.${string}Refused`>, string> = {
  'error.claimRefused': 'claiming the task',
  'error.releaseRefused': 'releasing the task',
  'error.reassignRefused': 'reassigning the task',
};

const APP_CANNOT_CLAIM =
  'Signed in as an app (client credentials): claiming, releasing and commenting need a user.';

/** A user id as a number when it is one, else the user name or e-mail UiPath also accepts. */
function whoOf(id: string): { userId: number } | { userNameOrEmail: string } {
  const userId = Number(id);
  return /^\d+$/.test(id) && Number.isSafeInteger(userId) ? { userId } : { userNameOrEmail: id };
}

function assigneeOf(user: z.infer<typeof TaskUserSchema>): Assignee {
  const group = GROUP_USER_TYPES.some(
    (t) => t.toLowerCase() === String(user.Type ?? '').toLowerCase(),
  );
  const full = [user.Name, user.Surname].filter((part) => part && part.trim()).join(' ');
  const name =
    user.DisplayName?.trim() || full || user.UserName || user.EmailAddress || String(user.Id);
  const detail = group ? null : (user.EmailAddress ?? user.UserName ?? null);
  return {
    kind: group ? 'group' : 'user',
    id: String(user.Id),
    name,
    detail: detail === name ? null : detail,
  };
}

function commentOf(note: TaskNote): TaskComment {
  const by = note.CreatorUser;
  const name = by
    ? [by.Name, by.Surname].filter((p) => p && p.trim()).join(' ') || by.UserName || null
    : null;
  return {
    id: String(note.Id),
    at: toInstant(note.CreationTime ?? note.CreatedTime),
    author:
      name ??
      (note.CreatorUserId === null || note.CreatorUserId === undefined
        ? null
        : `User ${note.CreatorUserId}`),
    text: note.Text ?? '',
  };
}

export const uipathFactory = adapterFactory(UiPathAdapter, {
  vendor: 'uipath',
  capabilities: CAPABILITIES,
  budget: defaultBudgetWith(exemptTokenEndpoint('/connect/token')),
});
