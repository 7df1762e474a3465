// The simulated UiPath Automation Cloud: identity server, Orchestrator's task API (OData lists,
// typed App/Form/generic task calls, reassignment) and an Action Center page per task.
import { CURRENT_USER_PATH } from '../../core/assumptions/uipath';
import {
  bearer,
  header,
  intParam,
  isObject,
  json,
  match,
  type SimRequest,
  type SimResponse,
  type VendorSim,
} from '../http-kit';
import { createOAuthServer } from '../oauth-server';
import type { SimContext } from '../server';
import { SIM_USERS, type SimJson, type SimTask } from '../world';
import { ODataError, compileFilter, compileOrderBy } from './uipath-odata';
import {
  TASK_PROPERTIES,
  currentUserRecord,
  detailRecord,
  findUser,
  folderOf,
  kindOf,
  maxLengthOf,
  odataRecord,
  type SimActivity,
  type SimKind,
} from './uipath-render';

const TASKS = '/odata/Tasks/UiPath.Server.Configuration.OData';
const IDENTITY = '/identity_/connect';
/** The subject of tokens issued to the confidential app: it is nobody's user. */
const APP_SUBJECT = `app:${SIM_USERS.uipath.confidentialClientId}`;
const MAX_TOP = 1000;
const EXPANDABLE = new Set(['AssignedToUser', 'Activities', 'Tags']);
const CRITERIA = new Set(['SingleUser', 'AllUsers', 'Workload']);

const DETAIL_ROUTES: Record<string, SimKind> = {
  '/tasks/AppTasks/GetAppTaskById': 'app',
  '/forms/TaskForms/GetTaskFormById': 'form',
  '/tasks/GenericTasks/GetTaskDataById': 'generic',
};
const COMPLETE_ROUTES: Record<string, SimKind> = {
  '/tasks/AppTasks/CompleteAppTask': 'app',
  '/forms/TaskForms/CompleteTask': 'form',
  '/tasks/GenericTasks/CompleteTask': 'generic',
};

type Errors = Record<string, string[]>;

function addError(errors: Errors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}

function isEmpty(value: SimJson | undefined): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

export function createUiPathSim(context: SimContext): VendorSim {
  const { world, tokens } = context;
  const { org, tenant, pat, me, clientId, confidentialClientId, clientSecret } = SIM_USERS.uipath;
  // The organisation's identity server: PKCE for the desktop app, client credentials for the
  // confidential one; a refresh token only with offline_access.
  const identity = createOAuthServer(context, {
    vendor: 'uipath',
    clientId,
    subject: me.id,
    tokenTtlS: 3600,
    codeTtlMs: 5 * 60_000,
    offlineScope: 'offline_access',
    refreshedScope: 'OR.Tasks OR.Folders.Read OR.Users.Read offline_access',
    confidential: { id: confidentialClientId, secret: clientSecret, subject: APP_SUBJECT },
    pageTitle: 'UiPath sign-in (simulated)',
  });
  const history = new Map<string, SimActivity[]>();
  let traceCounter = 0;

  // The demo personal access token: a plain bearer that never expires on its own.
  tokens.register('uipath', pat, me.id);

  const errorBody = (_status: number, message: string, extra: Record<string, SimJson> = {}) => {
    traceCounter += 1;
    const traceId = `00-${traceCounter.toString(16).padStart(32, '0')}-${'0'.repeat(15)}1-00`;
    return { message, errorCode: 0, traceId, ...extra };
  };
  const fail = (status: number, message: string, extra?: Record<string, SimJson>): SimResponse =>
    json(status, errorBody(status, message, extra));
  const invalid = (errors: Errors): SimResponse =>
    fail(400, 'The request is invalid.', { errors: errors as Record<string, SimJson> });

  const odataBase = () => `${context.origin()}/uipath/${org}/${tenant}/orchestrator_/odata`;

  // ---- tasks -------------------------------------------------------------------------------

  function listTasks(req: SimRequest): SimResponse {
    const q = req.url.searchParams;
    const top = intParam(req.url, '$top');
    const skip = intParam(req.url, '$skip');
    if (Number.isNaN(top) || Number.isNaN(skip)) {
      return invalid({
        [Number.isNaN(top) ? '$top' : '$skip']: ['Must be a non-negative integer.'],
      });
    }
    const expand = new Set(
      (q.get('$expand') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    for (const name of expand) {
      if (!EXPANDABLE.has(name))
        return fail(400, `Could not find a navigation property named '${name}'.`);
    }
    let records;
    try {
      const filter = compileFilter(q.get('$filter'), TASK_PROPERTIES);
      const order = compileOrderBy(q.get('$orderby') ?? 'Id asc', TASK_PROPERTIES);
      const now = world.now();
      records = world
        .list('uipath')
        .map((task) => odataRecord(task, now, history.get(task.id) ?? [], expand))
        .filter(filter)
        .sort(order);
    } catch (error) {
      if (error instanceof ODataError) return fail(400, error.message);
      throw error;
    }
    const from = skip ?? 0;
    const page = records.slice(from, from + Math.min(top ?? MAX_TOP, MAX_TOP));
    const body: Record<string, SimJson> = { '@odata.context': `${odataBase()}/$metadata#Tasks` };
    if (q.get('$count') === 'true') body['@odata.count'] = records.length;
    body.value = page;
    return json(200, body);
  }

  /** The task a per-task call names, checked against the folder header. */
  function taskInFolder(req: SimRequest, id: unknown): SimTask | SimResponse {
    const folder = header(req, 'x-uipath-organizationunitid');
    if (folder === null)
      return fail(400, 'A folder is required for this action.', { errorCode: 1101 });
    if (!/^\d+$/.test(folder)) return fail(400, 'The folder header is not a folder id.');
    const task =
      typeof id === 'number' && Number.isSafeInteger(id)
        ? world.get('uipath', String(id))
        : undefined;
    if (!task || task.extra.deleted === true || folderOf(task) !== Number(folder)) {
      return fail(404, 'Task does not exist.', { errorCode: 2404 });
    }
    return task;
  }

  function readDetail(req: SimRequest, kind: SimKind): SimResponse {
    const id = intParam(req.url, 'taskId');
    if (id === null || Number.isNaN(id))
      return invalid({ taskId: ['The taskId field is required.'] });
    const task = taskInFolder(req, id);
    if (!('vendor' in task)) return task;
    if (kindOf(task) !== kind) return fail(400, `Task ${id} is a ${String(task.extra.taskType)}.`);
    return json(200, detailRecord(task, world.now()));
  }

  function completionErrors(task: SimTask, data: Record<string, SimJson>, action: string): Errors {
    const errors: Errors = {};
    const kind = kindOf(task);
    const codes = task.results.map((r) => r.code);
    if ((kind === 'form' || kind === 'app') && codes.length > 0 && !codes.includes(action)) {
      addError(errors, 'action', `'${action}' is not one of ${codes.join(', ')}.`);
    }
    if (kind !== 'form') return errors;
    for (const field of task.fields) {
      const value = data[field.name];
      const key = `data.${field.name}`;
      if (isEmpty(value)) {
        if (field.required) addError(errors, key, `${field.label} is required.`);
        continue;
      }
      const wrongType =
        (field.type === 'number' && typeof value !== 'number') ||
        (field.type === 'boolean' && typeof value !== 'boolean') ||
        (['text', 'date', 'file', 'select'].includes(field.type) && typeof value !== 'string');
      if (wrongType) addError(errors, key, `${field.label} has the wrong type.`);
      else if (
        field.type === 'select' &&
        field.options.length > 0 &&
        !field.options.includes(value as string)
      ) {
        addError(errors, key, `${field.label} must be one of ${field.options.join(', ')}.`);
      }
      const max = maxLengthOf(task, field.name);
      if (max !== null && typeof value === 'string' && value.length > max) {
        addError(errors, key, `${field.label} must have no more than ${max} characters.`);
      }
    }
    return errors;
  }

  function complete(req: SimRequest, kind: SimKind, subject: string): SimResponse {
    if (req.bodyError !== null || !isObject(req.body))
      return fail(400, 'The request body is not a JSON object.');
    const { taskId, data = {}, action } = req.body;
    const shape: Errors = {};
    if (typeof taskId !== 'number' || !Number.isSafeInteger(taskId))
      addError(shape, 'taskId', 'The taskId field is required.');
    if (!isObject(data)) addError(shape, 'data', 'The data field must be an object.');
    if (typeof action !== 'string' || action === '')
      addError(shape, 'action', 'The action field is required.');
    if (Object.keys(shape).length > 0) return invalid(shape);
    const task = taskInFolder(req, taskId);
    if (!('vendor' in task)) return task;
    if (kindOf(task) !== kind)
      return fail(400, `Task ${task.id} is a ${String(task.extra.taskType)}.`);
    if (task.status === 'completed')
      return fail(409, 'Task is already completed.', { errorCode: 2409 });
    if (task.assignee?.id !== subject) {
      return fail(403, 'Only the user the task is assigned to can complete it.', {
        errorCode: 2403,
      });
    }
    const values = data as Record<string, SimJson>;
    const errors = completionErrors(task, values, action as string);
    if (Object.keys(errors).length > 0) return invalid(errors);
    world.recordWrite({
      vendor: 'uipath',
      kind: 'complete',
      taskId: task.id,
      path: req.path,
      headers: {
        'x-uipath-organizationunitid': header(req, 'x-uipath-organizationunitid') ?? '',
        'content-type': header(req, 'content-type') ?? '',
      },
      body: req.body,
    });
    world.update('uipath', task.id, (t) => {
      t.status = 'completed';
      t.completion = {
        by: 'client',
        at: world.now(),
        result: action as string,
        data: values,
        comment: null,
      };
    });
    return { status: 204 };
  }

  // ---- reassignment ------------------------------------------------------------------------

  function reassign(req: SimRequest, subject: string): SimResponse {
    const assignments = isObject(req.body) ? req.body.taskAssignments : undefined;
    if (!Array.isArray(assignments) || assignments.length === 0) {
      return invalid({ taskAssignments: ['At least one task assignment is required.'] });
    }
    const errors: Errors = {};
    assignments.forEach((a, i) => {
      const at = `taskAssignments[${i}]`;
      if (!isObject(a)) return addError(errors, at, 'Must be an object.');
      if (typeof a.taskId !== 'number' || !Number.isSafeInteger(a.taskId))
        addError(errors, `${at}.taskId`, 'The taskId field is required.');
      const byId = typeof a.userId === 'number' && Number.isSafeInteger(a.userId);
      const byName = typeof a.userNameOrEmail === 'string' && a.userNameOrEmail !== '';
      if (byId === byName)
        addError(errors, `${at}.userId`, 'Give exactly one of userId and userNameOrEmail.');
      if (a.assignmentCriteria !== undefined && !CRITERIA.has(String(a.assignmentCriteria))) {
        addError(
          errors,
          `${at}.assignmentCriteria`,
          `Unknown assignment criteria '${String(a.assignmentCriteria)}'.`,
        );
      }
    });
    if (Object.keys(errors).length > 0) return invalid(errors);
    const failed: SimJson[] = [];
    for (const a of assignments as Record<string, SimJson>[]) {
      const id = String(a.taskId);
      const task = world.get('uipath', id);
      const user = findUser(typeof a.userId === 'number' ? a.userId : String(a.userNameOrEmail));
      const failure =
        !task || task.extra.deleted === true
          ? { code: 2404, message: 'Task does not exist.' }
          : task.status === 'completed'
            ? { code: 2409, message: 'Task is already completed.' }
            : !user
              ? { code: 1002, message: 'User does not exist.' }
              : null;
      if (failure || !task || !user) {
        failed.push({
          TaskId: a.taskId ?? null,
          UserId: a.userId ?? null,
          UserNameOrEmail: a.userNameOrEmail ?? null,
          ErrorCode: failure?.code ?? 0,
          ErrorMessage: failure?.message ?? 'Unknown failure.',
        });
        continue;
      }
      world.recordWrite({
        vendor: 'uipath',
        kind: 'reassign',
        taskId: id,
        path: req.path,
        headers: {},
        body: req.body ?? null,
      });
      const creator = /^\d+$/.test(subject) ? Number(subject) : null;
      const entries = history.get(id) ?? [];
      entries.push({
        type: 'Reassigned',
        at: world.now(),
        creatorUserId: creator,
        targetUserId: Number(user.id),
      });
      history.set(id, entries);
      world.update('uipath', id, (t) => {
        t.assignee = user;
        t.group = null;
      });
    }
    return json(200, {
      '@odata.context': `${odataBase()}/$metadata#Collection(UiPath.Server.Configuration.OData.TaskAssignmentResponse)`,
      value: failed,
    });
  }

  // ---- routing -----------------------------------------------------------------------------

  function orchestrator(req: SimRequest, path: string): SimResponse | null {
    const subject = tokens.verify('uipath', bearer(req));
    if (!subject) {
      return json(401, errorBody(401, 'You are not authenticated!'), {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      });
    }
    const { method } = req;
    if (method === 'GET' && path === CURRENT_USER_PATH) {
      const user = subject === APP_SUBJECT ? null : findUser(Number(subject));
      if (!user) return fail(404, 'User does not exist.', { errorCode: 1002 });
      return json(200, currentUserRecord(user, `${odataBase()}/$metadata#Users/$entity`));
    }
    if (
      method === 'GET' &&
      (path === `${TASKS}.GetTasksAcrossFolders` || path === `${TASKS}.GetTasksAcrossFolders()`)
    ) {
      return listTasks(req);
    }
    if (method === 'POST' && path === `${TASKS}.ReassignTasks`) return reassign(req, subject);
    const detail = DETAIL_ROUTES[path];
    if (method === 'GET' && detail) return readDetail(req, detail);
    const completion = COMPLETE_ROUTES[path];
    if (method === 'POST' && completion) return complete(req, completion, subject);
    return null;
  }

  function actionCenterPage(id: string): SimResponse {
    const task = world.get('uipath', id);
    const title = task ? task.title.replace(/[<&>]/g, '') : 'Task not found';
    return {
      status: task ? 200 : 404,
      text: {
        contentType: 'text/html; charset=utf-8',
        value: `<!doctype html><title>${title} – Action Center (simulated)</title><h1>${title}</h1><p>Task ${id}</p>`,
      },
    };
  }

  return {
    vendor: 'uipath',
    prefix: 'uipath',
    errorBody: (status, message) => errorBody(status, message),
    handle(req) {
      if (req.path === `${IDENTITY}/authorize` && req.method === 'GET') {
        return identity.authorize(req);
      }
      if (req.path === `${IDENTITY}/token`) return identity.token(req);
      const page = match(`/${org}/${tenant}/actions_/tasks/:id`, req.path);
      if (page && req.method === 'GET') return actionCenterPage(page.id ?? '');
      const base = `/${org}/${tenant}/orchestrator_`;
      if (!req.path.startsWith(`${base}/`)) return null;
      return orchestrator(req, req.path.slice(base.length));
    },
  };
}
