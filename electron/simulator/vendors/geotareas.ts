// Simulated GeoTareas `/apidev/v1`: login for a one-hour JWT, the workflow-task inbox, detail,
// complete and reassign, with the documented headers, envelopes, error bodies, sliding-window
// limits (reads 30/min, writes 10/min, logins 5/30 s with a 60 s lockout) and 15 s read cache.
import {
  COMPLETE_COMMENT_MAX,
  DEFINITION_ID_MAX,
  ERROR_DETAILS_KEY,
  ALREADY_COMPLETED_TEXT,
  JWT_LIFETIME_MS,
  LOGIN_BLOCK_MS,
  LOGIN_FAILURES_BEFORE_BLOCK,
  LOGIN_WINDOW_MS,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  RATE_LIMIT_SCOPE,
  REASSIGN_COMMENT_MAX,
  REASSIGN_ID_MAX,
  REQUEST_ID_HEADER,
  RESULT_CODE_MAX,
  TASK_STATUSES,
  UNFILTERED_LIST_INCLUDES_COMPLETED,
  WEB_TASK_PATH,
} from '../../core/assumptions/geotareas';
import * as http from '../http-kit';
import type { SimRequest, SimResponse, VendorSim } from '../http-kit';
import { SlidingWindowLimiter, type LimitDecision } from '../rate-limit';
import type { SimContext } from '../server';
import { SIM_USERS, type SimJson, type SimTask } from '../world';
import {
  GEO_SIM_GROUPS,
  GEO_SIM_USERS,
  GEOTAREAS_SIM_WEB_PREFIX,
  inInbox,
  localTime,
  renderDetail,
  renderSummary,
  tenantTimeZone,
  vendorStatus,
  webPage,
  type GeoSimUser,
} from './geotareas-render';

export { GEOTAREAS_SIM_WEB_PREFIX, setGeoTareasTenantTimeZone } from './geotareas-render';

const BASE = '/apidev/v1';
const MINUTE = 60_000;
const VENDOR = 'geotareas';
const GEO_TENANT: string = SIM_USERS.geotareas.tenant;
const GEO_API_KEY: string = SIM_USERS.geotareas.apiKey;

type Body = { [key: string]: SimJson };
interface Detail {
  field: string;
  message: string;
}

const CODES: Record<number, string> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  429: 'RATE_LIMITED',
};

function errorBody(code: string, message: string, details?: Detail[]): SimJson {
  const error: Body = { code, message };
  // [I] field details on validation errors (assumptions/geotareas.ts).
  if (details && details.length > 0) error[ERROR_DETAILS_KEY] = details.map((d) => ({ ...d }));
  return { success: false, data: null, error };
}

function fail(status: number, code: string, message: string, details?: Detail[]): SimResponse {
  return http.json(status, errorBody(code, message, details));
}

function invalid(details: Detail[]): SimResponse {
  const first = details[0];
  return fail(400, 'VALIDATION_ERROR', first ? first.message : 'Invalid params', details);
}

function ok(data: SimJson, meta: Body = {}): SimResponse {
  return http.json(200, { success: true, data, meta });
}

function rateLimited(retryAfterSec: number, message: string): SimResponse {
  return http.json(429, errorBody('RATE_LIMITED', message), {
    'Retry-After': String(retryAfterSec),
  });
}

function limitHeaders(d: LimitDecision): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(d.limit),
    'X-RateLimit-Remaining': String(d.remaining),
    'X-RateLimit-Reset': String(d.resetSec),
  };
}

function missingHeaders(req: SimRequest, names: string[]): SimResponse | null {
  const missing = names.filter((name) => !http.header(req, name));
  if (
    req.method === 'POST' &&
    !(http.header(req, 'content-type') ?? '').includes('application/json')
  )
    missing.push('Content-Type');
  if (missing.length === 0) return null;
  return fail(400, 'BAD_REQUEST', `Missing required headers: ${missing.join(', ')}`);
}

const isText = (value: SimJson): value is string => typeof value === 'string';

/** What GeoTareas accepts for each field type, and what it says about anything else. */
const VALUE_RULES: Record<
  SimTask['fields'][number]['type'],
  { accepts: (value: SimJson, options: string[]) => boolean; message: string }
> = {
  number: { accepts: (value) => typeof value === 'number', message: 'must be a number' },
  boolean: { accepts: (value) => typeof value === 'boolean', message: 'must be a boolean' },
  date: {
    accepts: (value) => isText(value) && !Number.isNaN(Date.parse(value)),
    message: 'must be a date',
  },
  select: {
    accepts: (value, options) => isText(value) && (options.length === 0 || options.includes(value)),
    message: 'must be one of',
  },
  text: { accepts: isText, message: 'must be a string' },
  file: { accepts: isText, message: 'must be a string' },
};

function valueError(field: SimTask['fields'][number], value: SimJson): string | null {
  const rule = VALUE_RULES[field.type];
  if (rule.accepts(value, field.options)) return null;
  return field.type === 'select' ? `${rule.message} ${field.options.join(', ')}` : rule.message;
}

const blank = (value: SimJson | undefined) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function commentErrors(value: SimJson | undefined, max: number): Detail[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'string') return [{ field: 'comment', message: 'comment must be a string' }];
  return value.length > max
    ? [{ field: 'comment', message: `comment must be at most ${max} characters` }]
    : [];
}

function completeErrors(task: SimTask, body: Body): Detail[] {
  const errors: Detail[] = [];
  const code = body.result_code;
  const codes = task.results.map((r) => r.code);
  if (typeof code !== 'string' || code === '') {
    errors.push({ field: 'result_code', message: 'result_code is required' });
  } else if (code.length > RESULT_CODE_MAX) {
    errors.push({
      field: 'result_code',
      message: `result_code must be at most ${RESULT_CODE_MAX} characters`,
    });
  } else if (!codes.includes(code)) {
    errors.push({
      field: 'result_code',
      message: `result_code must be one of: ${codes.join(', ')}`,
    });
  }
  const captured = body.captured_data;
  if (captured !== undefined && captured !== null && !http.isObject(captured)) {
    errors.push({ field: 'captured_data', message: 'captured_data must be an object' });
  }
  const data = http.isObject(captured) ? captured : {};
  for (const [name, value] of Object.entries(data)) {
    const field = task.fields.find((f) => f.name === name);
    const problem = field
      ? blank(value)
        ? null
        : valueError(field, value)
      : 'is not a field of this task';
    if (problem) errors.push({ field: `captured_data.${name}`, message: `${name} ${problem}` });
  }
  for (const field of task.fields) {
    if (field.required && blank(data[field.name]) && blank(field.value)) {
      errors.push({ field: `captured_data.${field.name}`, message: `${field.name} is required` });
    }
  }
  return [...errors, ...commentErrors(body.comment, COMPLETE_COMMENT_MAX)];
}

function idError(field: string, value: SimJson | undefined, known: { id: string }[]): Detail[] {
  if (typeof value !== 'string' || value === '')
    return [{ field, message: `${field} must be a non-empty string` }];
  if (value.length > REASSIGN_ID_MAX)
    return [{ field, message: `${field} must be at most ${REASSIGN_ID_MAX} characters` }];
  if (!known.some((k) => k.id === value))
    return [{ field, message: `${field} ${value} does not exist` }];
  return [];
}

function reassignErrors(body: Body): Detail[] {
  const user = body.assign_to_user_id;
  const group = body.assign_to_group_id;
  const errors: Detail[] = [];
  if (user === undefined && group === undefined) {
    errors.push({
      field: 'assign_to_user_id',
      message: 'One of assign_to_user_id or assign_to_group_id is required',
    });
  } else if (user !== undefined && group !== undefined) {
    errors.push({
      field: 'assign_to_group_id',
      message: 'Send only one of assign_to_user_id or assign_to_group_id',
    });
  } else if (user !== undefined) {
    errors.push(...idError('assign_to_user_id', user, GEO_SIM_USERS));
  } else {
    errors.push(...idError('assign_to_group_id', group, GEO_SIM_GROUPS));
  }
  return [...errors, ...commentErrors(body.comment, REASSIGN_COMMENT_MAX)];
}

interface ListQuery {
  limit: number;
  offset: number;
  status: string | null;
  definitionId: string | null;
  entityType: string | null;
  overdueOnly: boolean;
}

function parseListQuery(url: URL): ListQuery | Detail[] {
  const errors: Detail[] = [];
  const limit = http.intParam(url, 'limit') ?? PAGE_SIZE_DEFAULT;
  const offset = http.intParam(url, 'offset') ?? 0;
  if (!(limit >= 1 && limit <= PAGE_SIZE_MAX))
    errors.push({ field: 'limit', message: `limit must be an integer from 1 to ${PAGE_SIZE_MAX}` });
  if (!(offset >= 0))
    errors.push({ field: 'offset', message: 'offset must be a non-negative integer' });
  const status = url.searchParams.get('status');
  if (status !== null && !(TASK_STATUSES as readonly string[]).includes(status))
    errors.push({ field: 'status', message: `status must be one of ${TASK_STATUSES.join(', ')}` });
  const definitionId = url.searchParams.get('definition_id');
  if (definitionId !== null && definitionId.length > DEFINITION_ID_MAX)
    errors.push({
      field: 'definition_id',
      message: `definition_id must be at most ${DEFINITION_ID_MAX} characters`,
    });
  const overdue = url.searchParams.get('overdue_only');
  if (overdue !== null && !['true', 'false', '1', '0'].includes(overdue))
    errors.push({ field: 'overdue_only', message: 'overdue_only must be a boolean' });
  if (errors.length > 0) return errors;
  return {
    limit,
    offset,
    status,
    definitionId,
    entityType: url.searchParams.get('entity_type'),
    overdueOnly: overdue === 'true' || overdue === '1',
  };
}

function compareTasks(a: SimTask, b: SimTask): number {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  try {
    const diff = BigInt(a.id) - BigInt(b.id);
    return diff < 0n ? -1 : diff > 0n ? 1 : 0;
  } catch {
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  }
}

export function createGeoTareasSim(context: SimContext): VendorSim {
  const { world, tokens, limits } = context;
  const now = () => world.now();
  const reads = new SlidingWindowLimiter(limits.geotareasReadsPerMinute, MINUTE, now);
  const writes = new SlidingWindowLimiter(limits.geotareasWritesPerMinute, MINUTE, now);
  const logins = new SlidingWindowLimiter(limits.geotareasLoginsPer30s, LOGIN_WINDOW_MS, now);
  const failures = new SlidingWindowLimiter(LOGIN_FAILURES_BEFORE_BLOCK, LOGIN_WINDOW_MS, now);
  const blockedUntil = new Map<string, number>();
  const cache = new Map<string, { at: number; body: SimJson }>();
  const decisions = new WeakMap<SimRequest, LimitDecision>();
  let requestSeq = 0;

  const loginEmail = (req: SimRequest): string => {
    const email = http.isObject(req.body) ? req.body.email : undefined;
    return typeof email === 'string' ? email.trim().toLowerCase() : '(none)';
  };

  /** The limiter and key a request counts against, or null (the web pages count nowhere). */
  const bucketFor = (req: SimRequest): { limiter: SlidingWindowLimiter; key: string } | null => {
    if (!req.path.startsWith(`${BASE}/`)) return null;
    if (req.path === `${BASE}/login`) return { limiter: logins, key: loginEmail(req) };
    // [I] limits count per user (or per API key); requests without a valid JWT count per API key.
    const user = RATE_LIMIT_SCOPE === 'user' ? tokens.verify(VENDOR, http.bearer(req)) : null;
    const key = user ?? http.header(req, 'x-api-key') ?? '(anonymous)';
    return { limiter: req.method === 'GET' ? reads : writes, key };
  };

  const decide = (req: SimRequest): LimitDecision | null => {
    const known = decisions.get(req);
    if (known) return known;
    const bucket = bucketFor(req);
    if (!bucket) return null;
    const decision = bucket.limiter.take(bucket.key);
    decisions.set(req, decision);
    return decision;
  };

  const authenticate = (req: SimRequest): GeoSimUser | SimResponse => {
    const missing = missingHeaders(req, ['authorization', 'x-api-key', 'tenant']);
    if (missing) return missing;
    if (http.header(req, 'tenant') !== GEO_TENANT)
      return fail(401, 'UNAUTHORIZED', 'Unknown tenant');
    if (http.header(req, 'x-api-key') !== GEO_API_KEY)
      return fail(401, 'UNAUTHORIZED', 'Invalid API key');
    const subject = tokens.verify(VENDOR, http.bearer(req));
    const user = GEO_SIM_USERS.find((u) => u.id === subject);
    return user ?? fail(401, 'UNAUTHORIZED', 'Invalid or expired JWT');
  };

  const login = (req: SimRequest): SimResponse => {
    const missing = missingHeaders(req, ['tenant']);
    if (missing) return missing;
    if (http.header(req, 'tenant') !== GEO_TENANT)
      return fail(401, 'UNAUTHORIZED', 'Unknown tenant');
    const email = loginEmail(req);
    const blocked = (blockedUntil.get(email) ?? 0) - now();
    if (blocked > 0)
      return rateLimited(
        Math.ceil(blocked / 1000),
        'Account temporarily blocked after failed logins',
      );
    const decision = decide(req);
    if (decision && !decision.allowed)
      return rateLimited(decision.retryAfterSec, 'Too many logins');
    if (req.bodyError !== null || !http.isObject(req.body))
      return fail(400, 'VALIDATION_ERROR', 'Body must be a JSON object');
    const { password } = req.body;
    const details: Detail[] = [];
    if (typeof req.body.email !== 'string' || req.body.email === '')
      details.push({ field: 'email', message: 'email is required' });
    if (typeof password !== 'string' || password === '')
      details.push({ field: 'password', message: 'password is required' });
    if (details.length > 0) return invalid(details);
    const user = GEO_SIM_USERS.find((u) => u.email !== null && u.email.toLowerCase() === email);
    if (!user || user.password !== password) {
      if (failures.count(email) >= LOGIN_FAILURES_BEFORE_BLOCK) {
        blockedUntil.set(email, now() + LOGIN_BLOCK_MS);
      }
      return fail(401, 'UNAUTHORIZED', 'Invalid email or password');
    }
    failures.reset(email);
    return ok({ authorization: tokens.issue(VENDOR, user.id, JWT_LIFETIME_MS, 'jwt') });
  };

  const visibleTask = (id: string, user: GeoSimUser): SimTask | null => {
    const task = world.get(VENDOR, id);
    return task && inInbox(task, user) ? task : null;
  };

  /** GETs are answered from a per-user, per-query cache for `geotareasCacheMs`. */
  const cached = (req: SimRequest, user: GeoSimUser, answer: () => SimResponse): SimResponse => {
    const ttl = limits.geotareasCacheMs;
    if (ttl <= 0) return answer();
    const params = [...req.url.searchParams.entries()].sort(([a], [b]) => a.localeCompare(b));
    const key = `${user.id} ${req.path}?${new URLSearchParams(params).toString()}`;
    const at = now();
    const hit = cache.get(key);
    if (hit && at - hit.at < ttl) return http.json(200, hit.body);
    const response = answer();
    for (const [k, entry] of cache) if (at - entry.at >= ttl) cache.delete(k);
    if (response.status === 200 && response.body !== undefined)
      cache.set(key, { at, body: response.body });
    return response;
  };

  const list = (req: SimRequest, user: GeoSimUser): SimResponse => {
    const query = parseListQuery(req.url);
    if (Array.isArray(query)) return invalid(query);
    const at = now();
    const tasks = world
      .list(VENDOR)
      .filter((task) => inInbox(task, user))
      .filter((task) =>
        query.status === null
          ? UNFILTERED_LIST_INCLUDES_COMPLETED || task.status !== 'completed'
          : vendorStatus(task) === query.status,
      )
      .filter(
        (task) => query.definitionId === null || task.extra.definitionId === query.definitionId,
      )
      .filter((task) => query.entityType === null || task.entity?.type === query.entityType)
      .filter(
        (task) =>
          !query.overdueOnly ||
          (task.status !== 'completed' && task.dueAt !== null && task.dueAt < at),
      )
      .sort(compareTasks);
    const zone = tenantTimeZone(world);
    const page = tasks
      .slice(query.offset, query.offset + query.limit)
      .map((task) => renderSummary(task, zone));
    return ok(page, { total: tasks.length, limit: query.limit, offset: query.offset });
  };

  const detail = (user: GeoSimUser, id: string): SimResponse => {
    const task = visibleTask(id, user);
    return task
      ? ok(renderDetail(task, tenantTimeZone(world)))
      : fail(404, 'NOT_FOUND', 'Task not found');
  };

  const bodyOf = (req: SimRequest): { body: Body } | { error: SimResponse } => {
    if (req.bodyError !== null)
      return { error: fail(400, 'VALIDATION_ERROR', 'Request body is not valid JSON') };
    return http.isObject(req.body)
      ? { body: req.body }
      : { error: fail(400, 'VALIDATION_ERROR', 'Request body must be a JSON object') };
  };

  const write = (
    req: SimRequest,
    user: GeoSimUser,
    id: string,
    kind: 'complete' | 'reassign',
  ): SimResponse => {
    const task = visibleTask(id, user);
    if (!task) return fail(404, 'NOT_FOUND', 'Task not found');
    world.recordWrite({
      vendor: VENDOR,
      kind,
      taskId: id,
      path: req.path,
      headers: Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [
          k,
          Array.isArray(v) ? v.join(', ') : (v ?? ''),
        ]),
      ),
      body: req.body ?? null,
    });
    const parsed = bodyOf(req);
    if ('error' in parsed) return parsed.error;
    if (task.status === 'completed')
      return fail(400, 'VALIDATION_ERROR', `Task ${id} ${ALREADY_COMPLETED_TEXT}`);
    return kind === 'complete' ? complete(task, parsed.body) : reassign(task, parsed.body);
  };

  const complete = (task: SimTask, body: Body): SimResponse => {
    const errors = completeErrors(task, body);
    if (errors.length > 0) return invalid(errors);
    const at = now();
    const result = body.result_code as string;
    const data = http.isObject(body.captured_data) ? body.captured_data : {};
    const comment = typeof body.comment === 'string' ? body.comment : null;
    world.update(VENDOR, task.id, (t) => {
      t.status = 'completed';
      t.completion = { by: 'client', at, result, data, comment };
    });
    const nextStep = typeof task.extra.nextStep === 'string' ? task.extra.nextStep : null;
    return ok({
      task_id: task.id,
      status: 'COMPLETED',
      result,
      completed_at: localTime(at, tenantTimeZone(world)),
      instance_status: nextStep ? 'RUNNING' : 'COMPLETED',
      next_step: nextStep,
    });
  };

  const reassign = (task: SimTask, body: Body): SimResponse => {
    const errors = reassignErrors(body);
    if (errors.length > 0) return invalid(errors);
    const userId = body.assign_to_user_id;
    const assignee = GEO_SIM_USERS.find((u) => u.id === userId);
    const group = GEO_SIM_GROUPS.find((g) => g.id === body.assign_to_group_id);
    const updated = world.update(VENDOR, task.id, (t) => {
      t.assignee = assignee ? { id: assignee.id, name: assignee.name } : null;
      t.group = assignee ? null : group ? { ...group } : null;
    });
    return ok({
      task_id: updated.id,
      assigned_to_user: updated.assignee ? { ...updated.assignee } : null,
      assigned_to_group: updated.group ? { ...updated.group } : null,
      reassigned_at: localTime(now(), tenantTimeZone(world)),
    });
  };

  const web = (req: SimRequest): SimResponse | null => {
    const params = http.match(`${GEOTAREAS_SIM_WEB_PREFIX}${WEB_TASK_PATH}:id`, req.path);
    if (req.method !== 'GET' || !params) return null;
    const id = params.id ?? '';
    const task = world.get(VENDOR, id);
    return {
      status: task ? 200 : 404,
      text: { contentType: 'text/html; charset=utf-8', value: webPage(task, id) },
    };
  };

  const api = (req: SimRequest): SimResponse | null => {
    const route = req.path.slice(BASE.length);
    if (route === '/login') return req.method === 'POST' ? login(req) : null;
    const user = authenticate(req);
    if ('status' in user) return user;
    const decision = decide(req);
    if (decision && !decision.allowed)
      return rateLimited(decision.retryAfterSec, 'Rate limit exceeded');
    if (req.method === 'GET') {
      if (route === '/workflow/tasks') return cached(req, user, () => list(req, user));
      const one = http.match('/workflow/tasks/:id', route);
      return one ? cached(req, user, () => detail(user, one.id ?? '')) : null;
    }
    if (req.method !== 'POST') return null;
    const done = http.match('/workflow/tasks/:id/complete', route);
    if (done) return write(req, user, done.id ?? '', 'complete');
    const moved = http.match('/workflow/tasks/:id/reassign', route);
    return moved ? write(req, user, moved.id ?? '', 'reassign') : null;
  };

  return {
    vendor: VENDOR,
    prefix: VENDOR,
    handle(req) {
      if (req.path.startsWith(`${GEOTAREAS_SIM_WEB_PREFIX}/`)) return web(req);
      return req.path.startsWith(`${BASE}/`) ? api(req) : null;
    },
    errorBody(status, message) {
      return errorBody(CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'ERROR'), message);
    },
    commonHeaders(req) {
      requestSeq += 1;
      const headers: Record<string, string> = {
        [REQUEST_ID_HEADER]: `req_${requestSeq.toString(36).padStart(8, '0')}`,
      };
      const decision = decide(req);
      return decision ? { ...headers, ...limitHeaders(decision) } : headers;
    },
  };
}
