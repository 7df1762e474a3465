// The simulated UiPath Automation Cloud: identity server, Orchestrator's task API (OData lists,
// typed App/Form/generic task calls, reassignment) and an Action Center page per task.
import {
  CLAIM_PATH,
  CREATE_TASK_NOTE_PATH,
  CURRENT_USER_PATH,
  RELEASE_PATH,
} from '../../core/assumptions/uipath';
import * as http from '../http-kit';
import type { SimRequest, SimResponse, VendorSim } from '../http-kit';
import { createOAuthServer } from '../oauth-server';
import type { SimContext } from '../server';
import { SIM_USERS, type SimJson, type SimTask } from '../world';
import { ODataError, compileFilter, compileOrderBy } from './uipath-odata';
import {
  SIM_GROUP,
  TASK_PROPERTIES,
  canSeeFolder,
  currentUserRecord,
  detailRecord,
  findUser,
  folderOf,
  kindOf,
  maxLengthOf,
  odataRecord,
  taskUserRecords,
  type SimActivity,
  type SimKind,
} from './uipath-render';

const TASKS = '/odata/Tasks/UiPath.Server.Configuration.OData';
const IDENTITY = '/identity_/connect';
/** The subject of tokens issued to the confidential app: it is nobody's user. */
const APP_SUBJECT = `app:${SIM_USERS.uipath.confidentialClientId}`;
const MAX_TOP = 1000;
const EXPANDABLE = new Set(['AssignedToUser', 'Activities', 'Tags']);
const GROUP_CRITERIA = new Set(['AllUsers', 'Workload', 'RoundRobin']);

/**
 * Orchestrator reads request bodies as ASP.NET does: property names in any case (UiPath's SDKs
 * send PascalCase, its docs camelCase). The simulator does the same, one level at a time.
 */
function prop(body: SimJson | undefined, name: string): SimJson | undefined {
  if (!http.isObject(body)) return undefined;
  const wanted = name.toLowerCase();
  for (const key of Object.keys(body)) if (key.toLowerCase() === wanted) return body[key];
  return undefined;
}

export interface UiPathSimOptions {
  /** Whether this Orchestrator has task comments (TaskNotes); older ones answer 404. */
  taskNotes: boolean;
}

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

export function createUiPathSim(
  context: SimContext,
  options: UiPathSimOptions = { taskNotes: true },
): VendorSim {
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
  const notes = new Map<string, { id: number; text: string; at: number; by: number }[]>();
  let noteCounter = 500;
  let traceCounter = 0;

  // The demo personal access token: a plain bearer that never expires on its own.
  tokens.register('uipath', pat, me.id);

  const errorBody = (_status: number, message: string, extra: Record<string, SimJson> = {}) => {
    traceCounter += 1;
    const traceId = `00-${traceCounter.toString(16).padStart(32, '0')}-${'0'.repeat(15)}1-00`;
    return { message, errorCode: 0, traceId, ...extra };
  };
  const fail = (status: number, message: string, extra?: Record<string, SimJson>): SimResponse =>
    http.json(status, errorBody(status, message, extra));
  const invalid = (errors: Errors): SimResponse =>
    fail(400, 'The request is invalid.', { errors: errors as Record<string, SimJson> });

  const odataBase = () => `${context.origin()}/uipath/${org}/${tenant}/orchestrator_/odata`;

  // ---- tasks -------------------------------------------------------------------------------

  function listTasks(req: SimRequest, subject: string): SimResponse {
    const q = req.url.searchParams;
    const top = http.intParam(req.url, '$top');
    const skip = http.intParam(req.url, '$skip');
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
        .filter((task) => canSeeFolder(subject, folderOf(task)))
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
    return http.json(200, body);
  }

  /** The task a per-task call names, checked against the folder header. */
  function taskInFolder(req: SimRequest, id: unknown): SimTask | SimResponse {
    const folder = http.header(req, 'x-uipath-organizationunitid');
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
    const id = http.intParam(req.url, 'taskId');
    if (id === null || Number.isNaN(id))
      return invalid({ taskId: ['The taskId field is required.'] });
    const task = taskInFolder(req, id);
    if (!('vendor' in task)) return task;
    if (kindOf(task) !== kind) return fail(400, `Task ${id} is a ${String(task.extra.taskType)}.`);
    const expand = req.url.searchParams.get('expandOnFormLayout')?.toLowerCase() === 'true';
    return http.json(200, detailRecord(task, world.now(), { expandFormLayout: expand }));
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
    if (req.bodyError !== null || !http.isObject(req.body))
      return fail(400, 'The request body is not a JSON object.');
    const taskId = prop(req.body, 'taskId');
    const data = prop(req.body, 'data') ?? {};
    const action = prop(req.body, 'action');
    const shape: Errors = {};
    if (typeof taskId !== 'number' || !Number.isSafeInteger(taskId))
      addError(shape, 'taskId', 'The taskId field is required.');
    if (!http.isObject(data)) addError(shape, 'data', 'The data field must be an object.');
    // External tasks complete without an outcome (UiPath's SDK sends none); App and form tasks need one.
    const needsAction = kind !== 'generic';
    if (action !== undefined && action !== null && typeof action !== 'string')
      addError(shape, 'action', 'The action field must be text.');
    else if (needsAction && (typeof action !== 'string' || action === ''))
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
    const errors = completionErrors(task, values, typeof action === 'string' ? action : '');
    if (Object.keys(errors).length > 0) return invalid(errors);
    world.recordWrite({
      vendor: 'uipath',
      kind: 'complete',
      taskId: task.id,
      path: req.path,
      headers: {
        'x-uipath-organizationunitid': http.header(req, 'x-uipath-organizationunitid') ?? '',
        'content-type': http.header(req, 'content-type') ?? '',
      },
      body: req.body,
    });
    world.update('uipath', task.id, (t) => {
      t.status = 'completed';
      t.completion = {
        by: 'client',
        at: world.now(),
        result: typeof action === 'string' ? action : null,
        data: values,
        comment: null,
      };
    });
    return { status: 204 };
  }

  // ---- assignment: assign (claim), reassign, unassign (release) ----------------------------

  function activity(id: string, type: string, subject: string, target: number | null): void {
    const entries = history.get(id) ?? [];
    entries.push({
      type,
      at: world.now(),
      creatorUserId: /^\d+$/.test(subject) ? Number(subject) : null,
      targetUserId: target,
    });
    history.set(id, entries);
  }

  type Failure = { code: number; message: string };

  /** Why a task cannot change hands now, or null. */
  function taskFailure(task: SimTask | undefined, subject: string): Failure | null {
    if (!task || task.extra.deleted === true || !canSeeFolder(subject, folderOf(task)))
      return { code: 2404, message: 'Task does not exist.' };
    if (task.status === 'completed') return { code: 2409, message: 'Task is already completed.' };
    return null;
  }

  const assignmentsAnswer = (failed: SimJson[]): SimResponse =>
    http.json(200, {
      '@odata.context': `${odataBase()}/$metadata#Collection(UiPath.Server.Configuration.OData.TaskAssignmentResponse)`,
      value: failed,
    });

  /** AssignTasks (an unassigned task) and ReassignTasks (any open one), to a user or a group. */
  function assign(req: SimRequest, subject: string, mode: 'assign' | 'reassign'): SimResponse {
    const assignments = prop(req.body, 'taskAssignments');
    if (!Array.isArray(assignments) || assignments.length === 0) {
      return invalid({ taskAssignments: ['At least one task assignment is required.'] });
    }
    const errors: Errors = {};
    assignments.forEach((a, i) => {
      const at = `taskAssignments[${i}]`;
      if (!http.isObject(a)) return addError(errors, at, 'Must be an object.');
      const taskId = prop(a, 'taskId');
      const userId = prop(a, 'userId');
      const name = prop(a, 'userNameOrEmail');
      if (typeof taskId !== 'number' || !Number.isSafeInteger(taskId))
        addError(errors, `${at}.taskId`, 'The taskId field is required.');
      const byId = typeof userId === 'number' && Number.isSafeInteger(userId);
      const byName = typeof name === 'string' && name !== '';
      if (byId === byName)
        addError(errors, `${at}.userId`, 'Give exactly one of userId and userNameOrEmail.');
      const criteria = prop(a, 'assignmentCriteria');
      if (
        criteria !== undefined &&
        criteria !== 'SingleUser' &&
        !GROUP_CRITERIA.has(String(criteria))
      ) {
        addError(
          errors,
          `${at}.assignmentCriteria`,
          `Unknown assignment criteria '${String(criteria)}'.`,
        );
      }
    });
    if (Object.keys(errors).length > 0) return invalid(errors);
    const failed: SimJson[] = [];
    for (const a of assignments as Record<string, SimJson>[]) {
      const taskId = prop(a, 'taskId');
      const userId = prop(a, 'userId');
      const name = prop(a, 'userNameOrEmail');
      const criteria = String(prop(a, 'assignmentCriteria') ?? 'SingleUser');
      const id = String(taskId);
      const task = world.get('uipath', id);
      const key = typeof userId === 'number' ? userId : String(name);
      const group =
        key === Number(SIM_GROUP.id) || String(key).toLowerCase() === SIM_GROUP.name.toLowerCase();
      const user = group ? null : findUser(key);
      const failure: Failure | null =
        taskFailure(task, subject) ??
        (mode === 'assign' && task?.assignee
          ? { code: 2410, message: 'Task is already assigned; reassign it instead.' }
          : null) ??
        (!user && !group ? { code: 1002, message: 'User does not exist.' } : null) ??
        (group && !GROUP_CRITERIA.has(criteria)
          ? { code: 2412, message: 'A group takes a task only with a group assignment criteria.' }
          : null) ??
        (user && criteria !== 'SingleUser'
          ? { code: 2412, message: `'${criteria}' assigns to a group, not to a user.` }
          : null);
      if (failure || !task) {
        failed.push(
          assignmentFailure(
            {
              TaskId: typeof taskId === 'number' ? taskId : null,
              UserId: typeof userId === 'number' ? userId : null,
              UserNameOrEmail: typeof name === 'string' ? name : null,
            },
            failure,
          ),
        );
        continue;
      }
      recordAssignment('reassign', id, req);
      activity(
        id,
        mode === 'assign' ? 'Assigned' : 'Reassigned',
        subject,
        user ? Number(user.id) : Number(SIM_GROUP.id),
      );
      world.update('uipath', id, (t) => {
        t.assignee = user;
        t.group = group ? { ...SIM_GROUP } : null;
        t.extra.assignmentCriteria = criteria;
      });
    }
    return assignmentsAnswer(failed);
  }

  /** One entry of an assignment answer's failure list: the ids asked about, the vendor's error. */
  function assignmentFailure(
    ids: Record<string, SimJson>,
    failure: { code: number; message: string } | null,
  ): SimJson {
    return {
      ...ids,
      ErrorCode: failure?.code ?? 0,
      ErrorMessage: failure?.message ?? 'Unknown failure.',
    };
  }

  /** An assignment change that went through, recorded as the vendor received it. */
  function recordAssignment(kind: 'reassign' | 'unassign', id: string, req: SimRequest): void {
    world.recordWrite({
      vendor: 'uipath',
      kind,
      taskId: id,
      path: req.path,
      headers: {},
      body: req.body ?? null,
    });
  }

  function unassign(req: SimRequest, subject: string): SimResponse {
    const ids = prop(req.body, 'taskIds');
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((x) => typeof x === 'number'))
      return invalid({ taskIds: ['At least one task id is required.'] });
    const failed: SimJson[] = [];
    for (const taskId of ids as number[]) {
      const id = String(taskId);
      const task = world.get('uipath', id);
      const failure =
        taskFailure(task, subject) ??
        (task && !task.assignee && !task.group
          ? { code: 2411, message: 'Task is not assigned.' }
          : null);
      if (failure || !task) {
        failed.push(assignmentFailure({ TaskId: taskId }, failure));
        continue;
      }
      recordAssignment('unassign', id, req);
      activity(id, 'Unassigned', subject, null);
      world.update('uipath', id, (t) => {
        t.assignee = null;
        t.group = null;
      });
    }
    return assignmentsAnswer(failed);
  }

  // ---- people and comments ------------------------------------------------------------------

  function taskUsers(req: SimRequest, folder: number): SimResponse {
    const header_ = http.header(req, 'x-uipath-organizationunitid');
    if (header_ !== null && Number(header_) !== folder)
      return fail(400, 'The folder header does not match the folder asked for.');
    const top = http.intParam(req.url, '$top');
    const skip = http.intParam(req.url, '$skip') ?? 0;
    if (Number.isNaN(top) || Number.isNaN(skip)) return invalid({ $top: ['Must be a number.'] });
    const all = taskUserRecords();
    const body: Record<string, SimJson> = {
      '@odata.context': `${odataBase()}/$metadata#Collection(UiPath.Server.Configuration.OData.UserLoginInfo)`,
    };
    if (req.url.searchParams.get('$count') === 'true') body['@odata.count'] = all.length;
    body.value = all.slice(skip, skip + (top ?? all.length));
    return http.json(200, body);
  }

  function noteRecord(taskId: string, note: { id: number; text: string; at: number; by: number }) {
    const author = findUser(note.by);
    return {
      Id: note.id,
      TaskId: Number(taskId),
      Text: note.text,
      CreationTime: http.isoUtc(note.at),
      CreatorUserId: note.by,
      CreatorUser: author
        ? {
            Name: author.name.split(' ')[0] ?? author.name,
            Surname: author.name.split(' ').slice(1).join(' '),
            UserName: author.name.toLowerCase().replace(/[^a-z0-9]+/g, '.'),
          }
        : null,
    };
  }

  function listNotes(req: SimRequest, taskId: number, subject: string): SimResponse {
    const task = world.get('uipath', String(taskId));
    if (taskFailure(task, subject) && task?.status !== 'completed')
      return fail(404, 'Task does not exist.', { errorCode: 2404 });
    const list = notes.get(String(taskId)) ?? [];
    return http.json(200, {
      '@odata.context': `${odataBase()}/$metadata#TaskNotes`,
      value: list.map((n) => noteRecord(String(taskId), n)),
    });
  }

  function createNote(req: SimRequest, subject: string): SimResponse {
    const taskId = prop(req.body, 'taskId');
    const text = prop(req.body, 'text');
    const errors: Errors = {};
    if (typeof taskId !== 'number') addError(errors, 'taskId', 'The taskId field is required.');
    if (typeof text !== 'string' || text.trim() === '')
      addError(errors, 'text', 'The text field is required.');
    if (Object.keys(errors).length > 0) return invalid(errors);
    const id = String(taskId);
    if (taskFailure(world.get('uipath', id), subject))
      return fail(404, 'Task does not exist.', { errorCode: 2404 });
    if (!/^\d+$/.test(subject)) return fail(403, 'Only a user can comment.', { errorCode: 2403 });
    noteCounter += 1;
    const note = { id: noteCounter, text: String(text), at: world.now(), by: Number(subject) };
    notes.set(id, [...(notes.get(id) ?? []), note]);
    activity(id, 'Commented', subject, null);
    return http.json(201, noteRecord(id, note));
  }

  // ---- routing -----------------------------------------------------------------------------

  function orchestrator(req: SimRequest, path: string): SimResponse | null {
    const subject = tokens.verify('uipath', http.bearer(req));
    if (!subject) {
      return http.json(401, errorBody(401, 'You are not authenticated!'), {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      });
    }
    const { method } = req;
    if (method === 'GET' && path === CURRENT_USER_PATH) {
      const user = subject === APP_SUBJECT ? null : findUser(Number(subject));
      if (!user) return fail(404, 'User does not exist.', { errorCode: 1002 });
      return http.json(200, currentUserRecord(user, `${odataBase()}/$metadata#Users/$entity`));
    }
    if (
      method === 'GET' &&
      (path === `${TASKS}.GetTasksAcrossFolders` || path === `${TASKS}.GetTasksAcrossFolders()`)
    ) {
      return listTasks(req, subject);
    }
    if (method === 'POST' && path === `${TASKS}.ReassignTasks`)
      return assign(req, subject, 'reassign');
    if (method === 'POST' && path === CLAIM_PATH) return assign(req, subject, 'assign');
    if (method === 'POST' && path === RELEASE_PATH) return unassign(req, subject);
    const users =
      /^\/odata\/Tasks\/UiPath\.Server\.Configuration\.OData\.GetTaskUsers\(organizationUnitId=(\d+)\)$/.exec(
        path,
      );
    if (method === 'GET' && users) return taskUsers(req, Number(users[1]));
    if (options.taskNotes) {
      const notesOf =
        /^\/odata\/TaskNotes\/UiPath\.Server\.Configuration\.OData\.GetByTaskId\(taskId=(\d+)\)$/.exec(
          path,
        );
      if (method === 'GET' && notesOf) return listNotes(req, Number(notesOf[1]), subject);
      if (method === 'POST' && path === CREATE_TASK_NOTE_PATH) return createNote(req, subject);
    }
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
      const page = http.match(`/${org}/${tenant}/actions_/tasks/:id`, req.path);
      if (page && req.method === 'GET') return actionCenterPage(page.id ?? '');
      const base = `/${org}/${tenant}/orchestrator_`;
      if (!req.path.startsWith(`${base}/`)) return null;
      return orchestrator(req, req.path.slice(base.length));
    },
  };
}
