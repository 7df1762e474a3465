// UiPath Orchestrator — Action Center tasks (App, Form and generic tasks) for the signed-in user.
import { z } from 'zod';
import type { UiPathAccount } from '../../../shared/account';
import type { FieldError } from '../../../shared/errors';
import {
  VENDOR_LABELS,
  type CompletionRequest,
  type JsonValue,
  type Party,
  type ReassignTarget,
  type Task,
} from '../../../shared/task';
import type {
  AdapterCapabilities,
  AdapterDeps,
  AdapterFactory,
  CompletionOutcome,
  SignedInUser,
  TaskRef,
  VendorAdapter,
} from '../adapter';
import {
  APP_TASKS_FILTER,
  CURRENT_USER_PATH,
  DEFAULT_ACTION,
  MERGE_TASK_DATA_ON_COMPLETE,
  VALIDATION_ERROR_KEYS,
  myTasksFilter,
} from '../assumptions/uipath';
import { assertCompletable } from '../completion-check';
import { HttpClient, type ErrorDetails, type HttpResponse, type RequestSpec } from '../http';
import { OAuthSession, type OAuthMode } from '../oauth';
import { VendorError } from '../vendor-error';
import {
  ODataTaskPageSchema,
  ODataUserSchema,
  TaskDetailSchema,
  detailData,
  idText,
  normalizeDetail,
  normalizeTask,
  odataUserParty,
  taskKind,
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
  'Reassigning to a group is not offered: Orchestrator reassigns a task to one user at a time.',
  'Comments are not sent with a completion or a reassignment: UiPath’s calls for these take none.',
  'Escalation is inferred: UiPath has no escalation flag, so a forwarded or reassigned task, or one of High or Critical priority, is shown as escalated.',
  'Forms with parts Tasktray cannot show (data grids, signatures…) are completed in Action Center.',
  'With client credentials Tasktray acts as an app: it lists every open task the app can see, not one person’s, and cannot complete tasks, because UiPath lets only the assignee complete them.',
];

const CAPABILITIES: AdapterCapabilities = {
  complete: true,
  reassignToUser: true,
  reassignToGroup: false,
  results: true,
  formFields: true,
  logs: true,
  overdue: 'vendor',
  escalation: true,
  browserSignIn: true,
  limitations: LIMITATIONS,
};

function capabilitiesFor(mode: UiPathAccount['auth']['mode']): AdapterCapabilities {
  if (mode === 'pkce') return CAPABILITIES;
  return {
    ...CAPABILITIES,
    complete: mode !== 'client_credentials',
    browserSignIn: false,
  };
}

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
      // `data.amount` names the key the user filled: the field is `amount`.
      const field = name.replace(/^data\./i, '');
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

class UiPathAdapter implements VendorAdapter {
  readonly vendor = 'uipath';
  readonly accountId: string;
  readonly capabilities: AdapterCapabilities;
  private readonly http: HttpClient;
  private readonly session: OAuthSession;
  private user: Party | null = null;

  constructor(
    private readonly account: UiPathAccount,
    private readonly deps: AdapterDeps,
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
      onResponse: deps.onResponse,
    });
    this.session = new OAuthSession({
      accountId: account.id,
      vendorLabel: LABEL,
      http: this.http,
      clock: deps.clock,
      secrets: deps.secrets,
      ...(deps.openExternal ? { openExternal: deps.openExternal } : {}),
      onSecret: (value) => deps.logger.addSecret(value),
      auth: oauthMode(account),
    });
  }

  private get isApp(): boolean {
    return this.account.auth.mode === 'client_credentials';
  }

  /** An Orchestrator call with a bearer token; a 401 renews the token and retries once. */
  private async send<T>(spec: Spec<T>): Promise<HttpResponse<T>> {
    const token = await this.session.accessToken();
    try {
      return await this.attempt(spec, token);
    } catch (error) {
      if (!(error instanceof VendorError) || error.status !== 401) throw error;
      this.session.invalidate();
      const fresh = await this.session.accessToken();
      if (fresh === token) throw this.tokenRefused(error);
      try {
        return await this.attempt(spec, fresh);
      } catch (retryError) {
        if (retryError instanceof VendorError && retryError.status === 401) {
          throw this.tokenRefused(retryError);
        }
        throw retryError;
      }
    }
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

  async signIn(signal?: AbortSignal): Promise<SignedInUser> {
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

  private async load(ref: TaskRef, signal?: AbortSignal): Promise<Loaded> {
    const id = numericId(ref.vendorTaskId);
    await this.currentUser(signal);
    const record = await this.record(id, signal);
    const kind = taskKind(record.Type);
    const { data: detail } = await this.send({
      method: 'GET',
      path: DETAIL_PATHS[kind],
      query: { taskId: id },
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

  async getTask(ref: TaskRef, signal?: AbortSignal): Promise<Task> {
    return (await this.load(ref, signal)).task;
  }

  async complete(
    ref: TaskRef,
    request: CompletionRequest,
    signal?: AbortSignal,
  ): Promise<CompletionOutcome> {
    if (this.isApp) throw new VendorError('unsupported', APP_CANNOT_COMPLETE);
    const { task, record, detail } = await this.load(ref, signal);
    if (task.status === 'completed') {
      throw new VendorError('conflict', `Task ${task.vendorTaskId} is already completed.`);
    }
    const data: Record<string, JsonValue> = MERGE_TASK_DATA_ON_COMPLETE
      ? { ...detailData(detail), ...request.data }
      : request.data;
    // Checked as it will be sent: values the task already holds count.
    assertCompletable(task, { ...request, data });
    await this.send({
      method: 'POST',
      path: COMPLETE_PATHS[taskKind(record.Type)],
      headers: { [FOLDER_HEADER]: idText(record.OrganizationUnitId) },
      json: {
        taskId: numericId(task.vendorTaskId),
        data,
        action: request.resultCode ?? DEFAULT_ACTION.code,
      },
      what: 'completing the task',
      ...(signal ? { signal } : {}),
    });
    // 204 No Content: UiPath says nothing of when or what follows.
    return { completedAt: null, nextStep: null };
  }

  async reassign(ref: TaskRef, target: ReassignTarget, signal?: AbortSignal): Promise<void> {
    if (target.kind === 'group') {
      throw new VendorError('unsupported', 'UiPath reassigns a task to one user, not to a group.');
    }
    const taskId = numericId(ref.vendorTaskId);
    const userId = Number(target.id);
    const who =
      /^\d+$/.test(target.id) && Number.isSafeInteger(userId)
        ? { userId }
        : { userNameOrEmail: target.id };
    const folder = ref.locator.folderId;
    const { data } = await this.send({
      method: 'POST',
      path: REASSIGN_PATH,
      ...(folder ? { headers: { [FOLDER_HEADER]: folder } } : {}),
      json: { taskAssignments: [{ taskId, ...who, assignmentCriteria: 'SingleUser' }] },
      schema: ReassignResultSchema,
      what: 'reassigning the task',
      ...(signal ? { signal } : {}),
    });
    // The answer lists only the assignments that failed.
    const failed = data.value[0];
    if (failed) {
      const reason = failed.ErrorMessage ?? 'no reason given';
      throw new VendorError('validation', `${LABEL} did not reassign the task: ${reason}`, {
        vendorCode: stringOf(failed.ErrorCode) ?? null,
        fields: [{ field: 'assignee', message: reason }],
        hintCode: 'hint.checkAssignee',
      });
    }
  }
}

export const uipathFactory: AdapterFactory<UiPathAccount> = {
  vendor: 'uipath',
  capabilities: CAPABILITIES,
  budget: defaultBudgetWith(exemptTokenEndpoint('/connect/token')),
  create(account, deps) {
    return new UiPathAdapter(account, deps);
  },
};
