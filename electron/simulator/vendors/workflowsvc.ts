// The Twinit origin as the simulator serves it: workflowsvc v1 (runs with their steps, step logs,
// user input) and passportsvc's OAuth2 Authorization Code + PKCE. Each simulated task is one
// USER_INPUT step; steps sharing `extra.workflowId` share a run, around which automated steps
// (REST_CONNECTOR, SCRIPT_EXECUTION, SWITCH, FORK_JOIN, DO_WHILE) are rendered deterministically.
import { createHash } from 'node:crypto';
import * as A from '../../core/assumptions/workflowsvc';
import * as http from '../http-kit';
import type { SimRequest, SimResponse, VendorSim } from '../http-kit';
import { createOAuthServer } from '../oauth-server';
import type { SimContext } from '../server';
import { SIM_USERS, type SimField, type SimJson, type SimLog, type SimTask } from '../world';

const VENDOR = 'workflowsvc';
const USERS = SIM_USERS.workflowsvc;
const API = '/workflowsvc/api/v1';
const OAUTH = '/passportsvc/api/v2/oauth';
const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 100;
const CODE_TTL_MS = 10 * 60_000;
/** Access token lifetime: passportsvc's is undocumented; an hour, as is usual. */
const ACCESS_TOKEN_TTL_SECONDS = 3600;
/** The decision field, named as in the docs' example. */
export const DECISION_FIELD = 'userChoice';
/** How long the automated steps before an input took. */
const STEP_MS = 1_000;
const SORT_KEYS = new Set(['_createdAt', '_updatedAt', '_name', '_status']);

type Obj = { [key: string]: SimJson };

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

function errorBody(status: number, message: string, errors?: Obj[]): Obj {
  const body: Obj = { error: REASONS[status] ?? 'Error', message };
  if (errors) body[A.ERROR_FIELDS_KEY] = errors;
  return body;
}

function fail(status: number, message: string, errors?: Obj[]): SimResponse {
  return http.json(status, errorBody(status, message, errors));
}

/** A UUID-shaped id that is the same for the same seed, so runs render identically each time. */
export function stableUuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** workflowsvc times carry nanoseconds; the sub-millisecond digits are derived from the instant. */
export function nanoTime(ms: number): string {
  const sub = String(((ms % 1_000_000) * 7919) % 1_000_000).padStart(6, '0');
  return http.isoUtc(ms).replace('Z', `${sub}Z`);
}

/** Log lines: `2026-03-10 17:26:08`, no zone (in the assumed log zone, UTC). */
function logTime(ms: number): string {
  return http.isoUtc(ms).slice(0, 19).replace('T', ' ');
}

function nsOf(task: SimTask): string {
  return typeof task.extra.nsfilter === 'string' ? task.extra.nsfilter : USERS.nsfilter;
}

function runIdOf(task: SimTask): string {
  return String(task.extra.workflowId ?? task.id);
}

/** A due time as workflowsvc can say it: a timeout counted from the step's creation. */
function timing(task: SimTask): { createdMs: number; timeoutSec: number } {
  if (task.dueAt === null) return { createdMs: task.createdAt, timeoutSec: A.NO_TIMEOUT_SECONDS };
  const timeoutSec = Math.max(1, Math.round((task.dueAt - task.createdAt) / 1000));
  return { createdMs: task.dueAt - timeoutSec * 1000, timeoutSec };
}

function fieldSchema(field: SimField): Obj {
  const spec: Obj = { title: field.label };
  switch (field.type) {
    case 'number':
      spec.type = 'number';
      break;
    case 'boolean':
      spec.type = 'boolean';
      break;
    case 'date':
      spec.type = 'string';
      spec.format = A.DATE_FORMATS[0] ?? 'date';
      break;
    case 'file':
      spec.type = 'string';
      spec.format = A.FILE_FORMATS[0] ?? 'binary';
      break;
    case 'select':
      spec.type = 'string';
      spec.enum = [...field.options];
      break;
    case 'text':
      spec.type = 'string';
      break;
  }
  if (field.value !== null) spec.default = field.value;
  return spec;
}

/** `_inputParams._userInput`: the decision (when the task has results) and the task's fields. */
export function userInputForm(task: SimTask): Obj {
  const form: Obj = {};
  const required: string[] = [];
  if (task.results.length > 0) {
    form[DECISION_FIELD] = {
      type: 'string',
      enum: task.results.map((r) => r.code),
      title: 'Decision',
    };
    required.push(DECISION_FIELD);
  }
  for (const field of task.fields) {
    form[field.name] = fieldSchema(field);
    if (field.required) required.push(field.name);
  }
  if (required.length > 0) form[A.REQUIRED_FIELDS_KEY] = required;
  if (task.description) form[A.FORM_DESCRIPTION_KEY] = task.description;
  return form;
}

function permissions(task: SimTask): SimJson[] {
  const out: SimJson[] = [];
  if (task.assignee) out.push({ _userType: 'user', _id: task.assignee.id });
  if (task.group) out.push({ _userType: A.PERMISSION_GROUP_TYPE, _id: task.group.id });
  return out;
}

interface Step {
  record: Obj;
  logs: SimLog[];
}

function automatedStep(
  runId: string,
  seq: number,
  type: string,
  name: string,
  status: string,
  startMs: number,
): Step {
  const done = status === 'COMPLETED';
  const record: Obj = {
    _id: stableUuid(`${runId}:${seq}:${type}`),
    _name: name,
    _sequenceno: seq,
    _type: type,
    _status: status,
    _inputParams:
      type === 'REST_CONNECTOR'
        ? { _url: 'https://api.invicara.com/passportsvc/api/v1/users/me' }
        : type === 'SCRIPT_EXECUTION'
          ? { _scriptName: 'prepareReview', _scriptVersion: 3 }
          : {},
    _createdAt: nanoTime(startMs),
    _updatedAt: nanoTime(done ? startMs + STEP_MS / 2 : startMs),
  };
  const logs: SimLog[] = [
    { at: startMs, level: 'INFO', message: `Logger initialized for ${type}` },
  ];
  if (done) logs.push({ at: startMs + STEP_MS / 2, level: 'INFO', message: 'Task completed' });
  return { record, logs };
}

const BEFORE_SHAPES: [string, string][][] = [
  [
    ['REST_CONNECTOR', 'Fetch project data'],
    ['SCRIPT_EXECUTION', 'Prepare review'],
  ],
  [
    ['FORK_JOIN', 'Gather sign-offs'],
    ['REST_CONNECTOR', 'Load model metadata'],
  ],
  [
    ['DO_WHILE', 'Check each sheet'],
    ['SCRIPT_EXECUTION', 'Summarise issues'],
  ],
];
const AFTER: [string, string][] = [
  ['SWITCH', 'Route on decision'],
  ['REST_CONNECTOR', 'Notify requester'],
];

interface Run {
  id: string;
  record: Obj;
  /** Logs per step id. */
  logs: Map<string, SimLog[]>;
  /** The USER_INPUT steps the world holds. */
  humans: SimTask[];
}

function shapeOf(runId: string): [string, string][] {
  const index = parseInt(createHash('sha1').update(runId).digest('hex').slice(0, 6), 16);
  return BEFORE_SHAPES[index % BEFORE_SHAPES.length] ?? [];
}

function buildRun(runId: string, humans: SimTask[]): Run {
  const first = humans[0] as SimTask;
  const steps: Step[] = [];
  const earliest = Math.min(
    ...humans.map((t) => timing(t).createdMs),
    ...first.previousSteps.map((p) => p.completedAt),
  );
  const before = shapeOf(runId);
  const runStart = earliest - STEP_MS * (before.length + 1);
  let seq = 1;
  for (const [type, name] of before) {
    steps.push(automatedStep(runId, seq, type, name, 'COMPLETED', runStart + (seq - 1) * STEP_MS));
    seq += 1;
  }
  for (const prev of first.previousSteps) {
    steps.push({
      record: {
        _id: stableUuid(`${runId}:${seq}:prev`),
        _name: prev.stepName,
        _sequenceno: seq,
        _type: 'USER_INPUT',
        _status: 'COMPLETED',
        _inputParams: { _userInput: {} },
        _userInputPermissions: [],
        _createdAt: nanoTime(Math.min(prev.completedAt, runStart + seq * STEP_MS)),
        _updatedAt: nanoTime(prev.completedAt),
        [A.USER_INPUT_RESULT_KEY]: { ...prev.data, [DECISION_FIELD]: prev.result },
      },
      logs: [
        { at: prev.completedAt, level: 'INFO', message: `Input given by ${prev.completedBy}` },
      ],
    });
    seq += 1;
  }
  for (const task of humans) {
    const { createdMs, timeoutSec } = timing(task);
    const record: Obj = {
      _id: task.id,
      _name: task.title,
      _sequenceno: seq,
      _type: 'USER_INPUT',
      _status: task.status === 'completed' ? 'COMPLETED' : A.WAITING_TASK_STATUS,
      _inputParams: { _userInput: userInputForm(task) },
      _userInputPermissions: permissions(task),
      _createdAt: nanoTime(createdMs),
      _updatedAt: nanoTime(task.updatedAt),
    };
    if (timeoutSec > A.NO_TIMEOUT_SECONDS) record._timeoutSeconds = timeoutSec;
    if (task.completion) record[A.USER_INPUT_RESULT_KEY] = task.completion.data;
    steps.push({ record, logs: task.logs });
    seq += 1;
  }
  const waiting = humans.some((t) => t.status !== 'completed');
  const lastUpdate = Math.max(...humans.map((t) => t.updatedAt));
  for (const [type, name] of AFTER) {
    const status = waiting ? 'QUEUED' : 'COMPLETED';
    steps.push(
      automatedStep(runId, seq, type, name, status, waiting ? lastUpdate : lastUpdate + 1),
    );
    seq += 1;
  }
  const runTimeout = first.extra.runTimeoutSeconds;
  const record: Obj = {
    _id: runId,
    _workflowDefId: String(first.extra.workflowDefId ?? stableUuid(`def:${first.workflowName}`)),
    _name: first.workflowName,
    _tasks: steps.map((s) => s.record),
    _status: waiting ? A.PENDING_RUN_STATUS : 'COMPLETED',
    _timeoutSeconds: typeof runTimeout === 'number' ? runTimeout : A.NO_TIMEOUT_SECONDS,
    _createdAt: nanoTime(runStart),
    _updatedAt: nanoTime(Math.max(lastUpdate, runStart)),
    _createdBy: String(first.extra.createdBy ?? USERS.other.id),
    _inputParams: first.entity
      ? {
          _entityType: first.entity.type,
          _entityId: first.entity.id,
          _entityName: first.entity.label,
        }
      : {},
    _result: waiting ? null : { _decision: first.completion?.result ?? null },
  };
  const logs = new Map(steps.map((s) => [String(s.record._id), s.logs]));
  return { id: runId, record, logs, humans };
}

/** A purely automated run, always running: it has no human step and must never be listed as one. */
function automatedRun(startMs: number): Run {
  const id = stableUuid('nightly-model-sync');
  const steps = [
    automatedStep(id, 1, 'REST_CONNECTOR', 'Export model changes', 'COMPLETED', startMs),
    automatedStep(id, 2, 'SCRIPT_EXECUTION', 'Rebuild element index', 'RUNNING', startMs + 1000),
  ];
  const record: Obj = {
    _id: id,
    _workflowDefId: stableUuid('def:Nightly model sync'),
    _name: 'Nightly model sync',
    _tasks: steps.map((s) => s.record),
    _status: A.PENDING_RUN_STATUS,
    _timeoutSeconds: 3600,
    _createdAt: nanoTime(startMs),
    _updatedAt: nanoTime(startMs + 1000),
    _createdBy: USERS.other.id,
    _inputParams: {},
    _result: null,
  };
  return {
    id,
    record,
    logs: new Map(steps.map((s) => [String(s.record._id), s.logs])),
    humans: [],
  };
}

function compareRuns(key: string, direction: number) {
  return (a: Run, b: Run): number => {
    const x = String(a.record[key] ?? '');
    const y = String(b.record[key] ?? '');
    if (x !== y) return x < y ? -direction : direction;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/** `sort` is URL-encoded JSON such as `{"_updatedAt":-1}`; null when it is not. */
function parseSort(raw: string | null): { key: string; direction: number } | null {
  if (raw === null) return { key: '_createdAt', direction: 1 };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!http.isObject(parsed as SimJson)) return null;
    const entries = Object.entries(parsed as Obj);
    const [key, value] = entries[0] ?? [];
    if (entries.length !== 1 || !key || !SORT_KEYS.has(key) || (value !== 1 && value !== -1))
      return null;
    return { key, direction: value };
  } catch {
    return null;
  }
}

/** Checks `_userInput` against the step's form, as the service validates its JSON Schema. */
export function validateInput(form: Obj, input: Obj): Obj[] {
  const listed = form[A.REQUIRED_FIELDS_KEY];
  const required = new Set(Array.isArray(listed) ? listed.map(String) : []);
  const errors: Obj[] = [];
  for (const [name, spec] of Object.entries(form)) {
    if (!http.isObject(spec)) continue;
    const value = input[name];
    if (value === undefined || value === null || value === '') {
      if (required.has(name)) errors.push({ field: name, message: 'is required' });
      continue;
    }
    const problem = fieldProblem(spec, value);
    if (problem) errors.push({ field: name, message: problem });
  }
  return errors;
}

function fieldProblem(spec: Obj, value: SimJson): string | null {
  if (Array.isArray(spec.enum) && !spec.enum.includes(value)) {
    return `must be one of ${spec.enum.join(', ')}`;
  }
  switch (spec.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'integer':
      return Number.isInteger(value) ? null : 'must be an integer';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      if (spec.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value))
        return 'must be a date as YYYY-MM-DD';
      if (
        spec.format === 'date-time' &&
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)
      )
        return 'must be a date-time as ISO 8601';
      return null;
    default:
      return null;
  }
}

export function createWorkflowSvcSim(context: SimContext): VendorSim {
  const { world, tokens } = context;
  // passportsvc: PKCE only, `read` required, every grant `read write` with a refresh token.
  const oauth = createOAuthServer(context, {
    vendor: VENDOR,
    clientId: USERS.clientId,
    subject: USERS.me.id,
    tokenTtlS: ACCESS_TOKEN_TTL_SECONDS,
    codeTtlMs: CODE_TTL_MS,
    requiredScope: 'read',
    grantedScope: 'read write',
    strictClient: true,
  });
  const automated = automatedRun(world.now() - 10 * 60_000);
  // The demo account's pasted token ("token" mode) is known from the start.
  tokens.register(VENDOR, USERS.token, USERS.me.id);

  // Every list page and every task read needs the runs: a run is rebuilt only when one of its
  // tasks changed (world.update stamps updatedAt), or thousands of tasks cost O(n²) per poll.
  const built = new Map<string, { humans: SimTask[]; stamps: number[]; run: Run }>();
  function runs(ns: string): Run[] {
    const byRun = new Map<string, SimTask[]>();
    for (const task of world.list(VENDOR)) {
      if (nsOf(task) !== ns) continue;
      const id = runIdOf(task);
      const humans = byRun.get(id);
      if (humans) humans.push(task);
      else byRun.set(id, [task]);
    }
    const out = [...byRun].map(([id, humans]) => {
      humans.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
      const key = `${ns}\u0000${id}`;
      const cached = built.get(key);
      if (
        cached &&
        cached.humans.length === humans.length &&
        cached.humans.every((t, i) => t === humans[i] && t.updatedAt === cached.stamps[i])
      ) {
        return cached.run;
      }
      const run = buildRun(id, humans);
      built.set(key, { humans, stamps: humans.map((t) => t.updatedAt), run });
      return run;
    });
    if (ns === USERS.nsfilter) out.push(automated);
    return out;
  }

  function findRun(ns: string, id: string): Run | null {
    return runs(ns).find((run) => run.id === id) ?? null;
  }

  function stepOf(run: Run, id: string): Obj | null {
    const steps = run.record._tasks as Obj[];
    return steps.find((step) => step._id === id) ?? null;
  }

  function list(req: SimRequest, ns: string): SimResponse {
    const { searchParams } = req.url;
    const pageSize = http.intParam(req.url, '_pageSize') ?? http.intParam(req.url, '_pagesize');
    const offset = http.intParam(req.url, '_offset') ?? 0;
    const errors: Obj[] = [];
    if (pageSize !== null && !(pageSize >= 1))
      errors.push({ field: '_pageSize', message: 'must be a positive integer' });
    if (Number.isNaN(offset))
      errors.push({ field: '_offset', message: 'must be a non-negative integer' });
    const sort = parseSort(searchParams.get('sort'));
    if (!sort) errors.push({ field: 'sort', message: 'must be JSON such as {"_updatedAt":-1}' });
    const start = searchParams.get('startDate') ?? searchParams.get('startdate');
    const end = searchParams.get('endDate') ?? searchParams.get('enddate');
    const startMs = start === null ? null : Date.parse(start);
    const endMs = end === null ? null : Date.parse(end);
    if (Number.isNaN(startMs)) errors.push({ field: 'startDate', message: 'must be a date' });
    if (Number.isNaN(endMs)) errors.push({ field: 'endDate', message: 'must be a date' });
    if (errors.length > 0 || !sort) return fail(400, 'Invalid query parameters', errors);

    const status = searchParams.get('_status');
    const name = searchParams.get('_name')?.toLowerCase();
    const defId = searchParams.get('_defId');
    const matching = runs(ns)
      .filter((run) => !status || run.record._status === status.toUpperCase())
      .filter((run) => !name || String(run.record._name).toLowerCase().includes(name))
      .filter((run) => !defId || run.record._workflowDefId === defId)
      .filter((run) => {
        const created = Date.parse(String(run.record._createdAt));
        return (startMs === null || created >= startMs) && (endMs === null || created <= endMs);
      })
      .sort(compareRuns(sort.key, sort.direction));
    const size = Math.min(pageSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    return http.json(200, {
      _offset: offset,
      _pageSize: size,
      _total: matching.length,
      _list: matching.slice(offset, offset + size).map((run) => run.record),
    });
  }

  function logs(req: SimRequest, run: Run, stepId: string): SimResponse {
    const lines = [...(run.logs.get(stepId) ?? [])].sort((a, b) => a.at - b.at);
    if (req.url.searchParams.get('plainText') === 'true') {
      const value = lines.map((l) => `${logTime(l.at)} ${l.level} ${l.message}`).join('\n');
      return { status: 200, text: { contentType: 'text/plain; charset=utf-8', value } };
    }
    const pageSize = http.intParam(req.url, '_pageSize') ?? DEFAULT_PAGE_SIZE;
    const offset = http.intParam(req.url, '_offset') ?? 0;
    if (!(pageSize >= 1) || Number.isNaN(offset)) {
      return fail(400, 'Invalid query parameters', [
        { field: '_pageSize', message: 'must be a positive integer' },
      ]);
    }
    const size = Math.min(pageSize, MAX_PAGE_SIZE);
    return http.json(200, {
      _offset: offset,
      _pageSize: size,
      _total: lines.length,
      _list: lines.slice(offset, offset + size).map((l) => ({
        timestamp: logTime(l.at),
        level: l.level,
        message: l.message,
      })),
    });
  }

  function userInput(req: SimRequest, ns: string, subject: string, runId: string, inputId: string) {
    const run = findRun(ns, runId);
    if (!run) return fail(404, `Workflow ${runId} not found`);
    const task = run.humans.find((t) => A.userInputIdFor(t.id) === inputId);
    if (!task) return fail(404, `User input ${inputId} not found in workflow ${runId}`);
    if (req.bodyError) return fail(400, `Request body is not valid JSON: ${req.bodyError}`);
    const input = http.isObject(req.body) ? req.body._userInput : undefined;
    if (!http.isObject(input)) {
      return fail(400, 'Invalid request body', [
        { field: '_userInput', message: 'is required and must be an object' },
      ]);
    }
    if (task.status === 'completed') return fail(409, 'Task is not waiting for user input');
    if (task.assignee?.id !== subject) {
      return fail(403, 'You are not permitted to provide input for this task');
    }
    const errors = validateInput(userInputForm(task), input);
    if (errors.length > 0) return fail(400, 'Invalid user input', errors);
    world.recordWrite({
      vendor: VENDOR,
      kind: 'complete',
      taskId: task.id,
      path: req.path,
      headers: { 'content-type': http.header(req, 'content-type') ?? '' },
      body: req.body ?? null,
    });
    const now = world.now();
    const decision = input[DECISION_FIELD];
    world.update(VENDOR, task.id, (t) => {
      t.status = 'completed';
      t.completion = {
        by: 'client',
        at: now,
        result: typeof decision === 'string' ? decision : null,
        data: input,
        comment: null,
      };
      t.logs = [
        ...t.logs,
        { at: now, level: 'INFO', message: `User input received from ${subject}` },
      ];
    });
    return http.json(200, { message: 'Task updated successfully' });
  }

  function service(req: SimRequest): SimResponse | null {
    const presented = http.header(req, 'authorization');
    const scheme = new RegExp(`^${A.AUTH_SCHEME}\\s+(.+)$`, 'i').exec(presented ?? '');
    const subject = tokens.verify(VENDOR, scheme?.[1] ?? null);
    if (!subject) {
      return {
        status: 401,
        headers: { 'WWW-Authenticate': `${A.AUTH_SCHEME} error="invalid_token"` },
        body: errorBody(
          401,
          presented ? 'Invalid or expired access token' : 'Missing access token',
        ),
      };
    }
    const ns = req.url.searchParams.get('nsfilter');
    if (!ns) {
      return fail(400, 'nsfilter is required', [{ field: 'nsfilter', message: 'is required' }]);
    }
    // Both spellings are served: the docs mix `workflow`/`workflows` and `task`/`tasks`.
    const path = req.path
      .slice(API.length)
      .replace(/^\/workflow\//, '/workflows/')
      .replace(/\/task\//, '/tasks/');
    if (req.method === 'GET' && path === '/workflows') return list(req, ns);
    const input = http.match('/workflows/:run/userinput/:input', path);
    if (input && req.method === 'POST')
      return userInput(req, ns, subject, input.run ?? '', input.input ?? '');
    if (req.method !== 'GET') return null;
    const runOnly = http.match('/workflows/:run', path);
    const step = http.match('/workflows/:run/tasks/:step', path);
    const sub = http.match('/workflows/:run/tasks/:step/:what', path);
    const runId = runOnly?.run ?? step?.run ?? sub?.run;
    if (runId === undefined) return null;
    const run = findRun(ns, runId);
    if (!run) return fail(404, `Workflow ${runId} not found`);
    if (runOnly) return http.json(200, run.record);
    const stepId = step?.step ?? sub?.step ?? '';
    const record = stepOf(run, stepId);
    if (!record) return fail(404, `Task ${stepId} not found in workflow ${runId}`);
    if (step) return http.json(200, record);
    if (sub?.what === 'logs') return logs(req, run, stepId);
    if (sub?.what === 'loopovertasks') {
      return http.json(200, { _offset: 0, _pageSize: DEFAULT_PAGE_SIZE, _total: 0, _list: [] });
    }
    return null;
  }

  return {
    vendor: VENDOR,
    prefix: 'twinit',
    handle(req) {
      if (req.path.startsWith(`${API}/`)) return service(req);
      if (req.method === 'GET' && req.path === `${OAUTH}/authorize`) return oauth.authorize(req);
      if (req.method === 'POST' && req.path === `${OAUTH}/token`) return oauth.token(req);
      return null;
    },
    errorBody: (status, message) => errorBody(status, message),
  };
}
