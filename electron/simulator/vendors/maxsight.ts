// Maxsight /v5 as the simulator speaks it: `apikey` auth, the AG-Grid-filtered task search with
// opaque page tokens, task detail, and update-assignment guarded by If-Match. No completion call
// exists in v5, so none is served. Also a minimal "Maxsight screen" per task for "open in Maxsight".
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  MAXSIGHT_COMPLETED_STATUSES,
  MAXSIGHT_ERROR_DETAIL_KEY,
  MAXSIGHT_IF_MATCH_HEADER,
  MAXSIGHT_MAX_PAGE_SIZE,
  MAXSIGHT_OPEN_STATUS,
  MAXSIGHT_REQUEST_ID_HEADER,
  MAXSIGHT_SEARCH_RETURNS_FULL_TASKS,
  MAXSIGHT_TASK_NOT_FOUND,
  MAXSIGHT_VALIDATION_STATUS,
  MAXSIGHT_VERSION_MISMATCH_STATUS,
  MAXSIGHT_WEB_TASK_PATH,
} from '../../core/assumptions/maxsight';
import * as http from '../http-kit';
import type { SimRequest, SimResponse, VendorSim } from '../http-kit';
import type { SimContext } from '../server';
import { SIM_USERS, type SimJson, type SimParty, type SimTask, type SimWorld } from '../world';

/** The API lives under `/maxsight/v5`; the "web app" under `/maxsight/web` (the account's webUrl). */
export const MAXSIGHT_SIM_API_ROOT = '/v5';
export const MAXSIGHT_SIM_WEB_ROOT = '/web';

export const MAXSIGHT_SORT_FIELDS = [
  'TASK_ID',
  'CREATED_AT',
  'ENTITY_ID',
  'ASSESSMENT_ID',
  'STATUS',
  'ASSIGNED_TO_ID',
] as const;
type SortField = (typeof MAXSIGHT_SORT_FIELDS)[number];

const TEXT_TYPES = [
  'equals',
  'notEqual',
  'contains',
  'notContains',
  'startsWith',
  'endsWith',
  'blank',
  'notBlank',
] as const;
type TextType = (typeof TEXT_TYPES)[number];

const INSTITUTION_ID = 'c75f2c73-5ae4-4f1c-99c0-fc726cd41798';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// --- Rendering ---------------------------------------------------------------------------------

type MaxsightAssignment = {
  assigned_by_id: string | null;
  assigned_to_id: string | null;
  assigned_to_type: 'USER' | 'TEAM' | null;
  assignment_comment: string | null;
};

/** The seed's task object, field for field. */
type MaxsightRecord = {
  assessment_id: string;
  assessment_template_id: string;
  assignment: MaxsightAssignment | null;
  c_name: string;
  created_at: string;
  custom_metadata: SimJson;
  data_version: SimJson;
  entity_id: string | null;
  id: string;
  institution_id: string;
  locked_at: string | null;
  microfrontend_id: string;
  name: string | null;
  status: string;
  step_name: string;
  updated_at: string;
  workflow_instance_id: string;
};

/** A stable UUID-shaped id derived from a seed, for ids the neutral world does not hold. */
function derivedUuid(seed: string): string {
  // Rendered for every task of every list: hashed once per seed.
  let uuid = derivedUuids.get(seed);
  if (uuid === undefined) {
    const h = createHash('sha1').update(seed).digest('hex');
    const variant = ((parseInt(h.charAt(16), 16) & 3) | 8).toString(16);
    uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    if (derivedUuids.size >= 50_000) derivedUuids.clear();
    derivedUuids.set(seed, uuid);
  }
  return uuid;
}
const derivedUuids = new Map<string, string>();

function extraText(task: SimTask, key: string): string | null {
  const value = task.extra[key];
  return typeof value === 'string' ? value : null;
}

function renderStatus(task: SimTask): string {
  if (task.status !== 'completed') return MAXSIGHT_OPEN_STATUS;
  const [pass, fail] = MAXSIGHT_COMPLETED_STATUSES;
  return /fail|reject/i.test(task.completion?.result ?? '') ? fail : pass;
}

function renderAssignment(task: SimTask): MaxsightAssignment | null {
  const assignedBy = extraText(task, 'assignedById');
  const comment = extraText(task, 'assignmentComment');
  const to: { id: string; type: 'USER' | 'TEAM' } | null = task.assignee
    ? { id: task.assignee.id, type: 'USER' }
    : task.group
      ? { id: task.group.id, type: 'TEAM' }
      : null;
  if (to === null && assignedBy === null) return null;
  return {
    assigned_by_id: assignedBy,
    assigned_to_id: to?.id ?? null,
    assigned_to_type: to?.type ?? null,
    assignment_comment: comment,
  };
}

export function renderMaxsightTask(task: SimTask): MaxsightRecord {
  return {
    assessment_id: extraText(task, 'assessmentId') ?? derivedUuid(`assessment:${task.id}`),
    assessment_template_id:
      extraText(task, 'assessmentTemplateId') ?? derivedUuid(`template:${task.workflowName}`),
    assignment: renderAssignment(task),
    c_name: task.title,
    created_at: http.isoUtc(task.createdAt),
    custom_metadata: null,
    data_version: task.extra.dataVersion ?? 0,
    entity_id: task.entity?.id ?? null,
    id: task.id,
    institution_id: INSTITUTION_ID,
    // Someone working the task holds its lock.
    locked_at:
      task.status === 'in_progress' ? http.isoUtc(task.updatedAt) : extraText(task, 'lockedAt'),
    microfrontend_id: derivedUuid(`microfrontend:${task.stepName}`),
    name: extraText(task, 'name'),
    status: renderStatus(task),
    step_name: task.stepName,
    updated_at: http.isoUtc(task.updatedAt),
    workflow_instance_id:
      extraText(task, 'workflowInstanceId') ?? derivedUuid(`workflow:${task.id}`),
  };
}

// --- Errors ------------------------------------------------------------------------------------

type Issue = {
  loc: (string | number)[];
  msg: string;
  type: string;
};

function detail(status: number, message: string): SimResponse {
  return http.json(status, { [MAXSIGHT_ERROR_DETAIL_KEY]: message });
}

function invalid(issues: Issue[]): SimResponse {
  return http.json(MAXSIGHT_VALIDATION_STATUS, { [MAXSIGHT_ERROR_DETAIL_KEY]: issues });
}

function zodIssues(error: z.ZodError, root: string): Issue[] {
  return error.issues.map((issue) => ({
    loc: [root, ...issue.path.map((part) => (typeof part === 'number' ? part : String(part)))],
    msg: issue.message,
    type: issue.code,
  }));
}

/** The body as JSON, or the validation answer for a missing or unparsable one. */
function jsonBody(req: SimRequest): { body: SimJson } | { error: SimResponse } {
  if (req.bodyError !== null) {
    return { error: invalid([{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }]) };
  }
  if (req.body === undefined) {
    return { error: invalid([{ loc: ['body'], msg: 'Field required', type: 'missing' }]) };
  }
  return { body: req.body };
}

// --- Search: AG-Grid filter model ----------------------------------------------------------------

type Predicate = (record: MaxsightRecord) => boolean;
type Reader = (record: MaxsightRecord) => string | null;

/** A column name reads the record's field of that name, or its assignment's; `task_id` is `id`. */
function columnReader(column: string): Reader {
  if (column === 'task_id') return (r) => r.id;
  if (column.startsWith('assigned_'))
    return (r) => r.assignment?.[column as keyof MaxsightAssignment] ?? null;
  return (r) => r[column as TextField];
}

type TextField = {
  [K in keyof MaxsightRecord]: MaxsightRecord[K] extends string | null ? K : never;
}[keyof MaxsightRecord];

/** The columns the filter model accepts. */
const COLUMNS: Record<string, Reader> = Object.fromEntries(
  [
    'id',
    'task_id',
    'status',
    'step_name',
    'c_name',
    'name',
    'entity_id',
    'assessment_id',
    'workflow_instance_id',
    'assigned_to_id',
    'assigned_to_type',
    'assigned_by_id',
  ].map((column) => [column, columnReader(column)]),
);

/** A sort field sorts by the column of its name in lower case (`CREATED_AT` by `created_at`). */
const SORT_READERS = Object.fromEntries(
  MAXSIGHT_SORT_FIELDS.map((field) => [field, columnReader(field.toLowerCase())]),
) as Record<SortField, Reader>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** AG Grid's text matching, which ignores case. */
export function textMatches(type: TextType, filter: string | null, value: string | null): boolean {
  const v = (value ?? '').toLowerCase();
  const f = (filter ?? '').toLowerCase();
  switch (type) {
    case 'equals':
      return value !== null && v === f;
    case 'notEqual':
      return value === null || v !== f;
    case 'contains':
      return value !== null && v.includes(f);
    case 'notContains':
      return value === null || !v.includes(f);
    case 'startsWith':
      return value !== null && v.startsWith(f);
    case 'endsWith':
      return value !== null && v.endsWith(f);
    case 'blank':
      return v.trim() === '';
    case 'notBlank':
      return v.trim() !== '';
  }
}

function parseSetFilter(
  model: Record<string, unknown>,
  loc: Issue['loc'],
  read: Reader,
  issues: Issue[],
): Predicate {
  const values = model.values;
  if (!Array.isArray(values) || !values.every((v) => v === null || typeof v === 'string')) {
    issues.push({
      loc: [...loc, 'values'],
      msg: 'Input should be a list of strings',
      type: 'list_type',
    });
    return () => true;
  }
  return (record) => values.includes(read(record));
}

function parseCondition(
  value: unknown,
  loc: Issue['loc'],
  read: Reader,
  issues: Issue[],
): Predicate {
  if (!isPlainObject(value)) {
    issues.push({ loc, msg: 'Input should be a valid filter object', type: 'dict_type' });
    return () => true;
  }
  if (value.filterType === 'set') return parseSetFilter(value, loc, read, issues);
  if (value.filterType !== undefined && value.filterType !== 'text') {
    issues.push({
      loc: [...loc, 'filterType'],
      msg: "Input should be 'text' or 'set'",
      type: 'literal_error',
    });
  }
  const type = value.type;
  if (typeof type !== 'string' || !(TEXT_TYPES as readonly string[]).includes(type)) {
    issues.push({
      loc: [...loc, 'type'],
      msg: `Input should be one of ${TEXT_TYPES.join(', ')}`,
      type: 'enum',
    });
    return () => true;
  }
  const textType = type as TextType;
  const needsFilter = textType !== 'blank' && textType !== 'notBlank';
  const filter = value.filter;
  if (needsFilter && typeof filter !== 'string') {
    issues.push({
      loc: [...loc, 'filter'],
      msg: 'Input should be a valid string',
      type: 'string_type',
    });
    return () => true;
  }
  const text = typeof filter === 'string' ? filter : null;
  return (record) => textMatches(textType, text, read(record));
}

function parseColumnFilter(column: string, value: unknown, issues: Issue[]): Predicate {
  const loc: Issue['loc'] = ['body', 'filter_model', column];
  const read = COLUMNS[column];
  if (!read) {
    issues.push({
      loc,
      msg: `Unknown filter column; use one of ${Object.keys(COLUMNS).join(', ')}`,
      type: 'value_error',
    });
    return () => true;
  }
  if (!isPlainObject(value) || !('operator' in value))
    return parseCondition(value, loc, read, issues);
  const operator = value.operator;
  if (operator !== 'AND' && operator !== 'OR') {
    issues.push({ loc: [...loc, 'operator'], msg: "Input should be 'AND' or 'OR'", type: 'enum' });
  }
  // AG Grid before v29 sent condition1/condition2 instead of a list.
  const conditions =
    value.conditions ?? [value.condition1, value.condition2].filter((c) => c !== undefined);
  if (!Array.isArray(conditions) || conditions.length === 0) {
    issues.push({
      loc: [...loc, 'conditions'],
      msg: 'Input should be a non-empty list',
      type: 'list_type',
    });
    return () => true;
  }
  const predicates = conditions.map((condition: unknown, i) =>
    parseCondition(condition, [...loc, 'conditions', i], read, issues),
  );
  return operator === 'OR'
    ? (record) => predicates.some((p) => p(record))
    : (record) => predicates.every((p) => p(record));
}

const SearchSchema = z.object({
  filter_model: z.record(z.string(), z.unknown()).nullish(),
  max_page_size: z.number().int().min(1).max(MAXSIGHT_MAX_PAGE_SIZE).nullish(),
  page_token: z.string().nullish(),
  sorting_field: z.enum(MAXSIGHT_SORT_FIELDS).nullish(),
  sorting_type: z.enum(['ASC', 'DESC']).nullish(),
});

function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

// Opaque page tokens bound to the query, so one cannot be replayed against another search.
function queryKey(parts: SimJson[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

function encodeToken(offset: number, key: string): string {
  return Buffer.from(JSON.stringify({ o: offset, k: key })).toString('base64url');
}

function decodeToken(token: string, key: string): number | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (!isPlainObject(parsed) || parsed.k !== key) return null;
    return typeof parsed.o === 'number' && Number.isSafeInteger(parsed.o) && parsed.o >= 0
      ? parsed.o
      : null;
  } catch {
    return null;
  }
}

function search(world: SimWorld, req: SimRequest): SimResponse {
  const read = jsonBody(req);
  if ('error' in read) return read.error;
  const parsed = SearchSchema.safeParse(read.body);
  if (!parsed.success) return invalid(zodIssues(parsed.error, 'body'));
  const query = parsed.data;
  const issues: Issue[] = [];
  const predicates = Object.entries(query.filter_model ?? {}).map(([column, model]) =>
    parseColumnFilter(column, model, issues),
  );
  if (issues.length > 0) return invalid(issues);

  const sortField = query.sorting_field ?? 'TASK_ID';
  const descending = query.sorting_type === 'DESC';
  const key = queryKey([
    (read.body as Record<string, SimJson>).filter_model ?? null,
    sortField,
    descending,
  ]);
  let offset = 0;
  if (query.page_token) {
    const decoded = decodeToken(query.page_token, key);
    if (decoded === null) {
      return invalid([
        { loc: ['body', 'page_token'], msg: 'Invalid or expired page token', type: 'value_error' },
      ]);
    }
    offset = decoded;
  }
  const sortBy = SORT_READERS[sortField];
  const records = world
    .list('maxsight')
    .map(renderMaxsightTask)
    .filter((record) => predicates.every((p) => p(record)))
    .sort((a, b) => {
      const order = compareNullable(sortBy(a), sortBy(b)) * (descending ? -1 : 1);
      return order !== 0 ? order : compareNullable(a.id, b.id);
    });
  const size = query.max_page_size ?? MAXSIGHT_MAX_PAGE_SIZE;
  const end = offset + size;
  // Search items are the full task objects (the shared assumption); a summary would go here.
  const items = MAXSIGHT_SEARCH_RETURNS_FULL_TASKS ? records.slice(offset, end) : [];
  return http.json(200, {
    items,
    next_page_token: end < records.length ? encodeToken(end, key) : null,
  });
}

// --- Update assignment -----------------------------------------------------------------------

const Uuid = z.string().regex(UUID, 'Input should be a valid UUID');
const Comment = z.string().max(2000).nullish();
const AssignmentBodySchema = z
  .object({
    update: z
      .object({
        assigned_by_id: Uuid,
        assigned_to_id: Uuid,
        assigned_to_type: z.enum(['USER', 'TEAM']),
        assignment_comment: Comment,
      })
      .optional(),
    unassign: z.object({ assigned_by_id: Uuid, assignment_comment: Comment }).optional(),
  })
  .refine((body) => (body.update === undefined) !== (body.unassign === undefined), {
    message: "Send exactly one of 'update' or 'unassign'",
  });

function knownParty(id: string): SimParty {
  const { me, other, team } = SIM_USERS.maxsight;
  const known = [me, other, team].find((party) => party.id.toLowerCase() === id.toLowerCase());
  return { id, name: known?.name ?? id };
}

/** If-Match may arrive bare or quoted like an ETag. */
function unquote(value: string): string {
  return value
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
}

function updateAssignment(world: SimWorld, req: SimRequest, task: SimTask): SimResponse {
  const read = jsonBody(req);
  if ('error' in read) return read.error;
  const parsed = AssignmentBodySchema.safeParse(read.body);
  const issues = parsed.success ? [] : zodIssues(parsed.error, 'body');
  const ifMatch = http.header(req, MAXSIGHT_IF_MATCH_HEADER);
  if (ifMatch === null) {
    issues.push({
      loc: ['header', MAXSIGHT_IF_MATCH_HEADER],
      msg: 'Field required',
      type: 'missing',
    });
  }
  if (!parsed.success || ifMatch === null) return invalid(issues);
  const current = http.isoUtc(task.updatedAt);
  if (unquote(ifMatch) !== current) {
    return detail(
      MAXSIGHT_VERSION_MISMATCH_STATUS,
      `Version mismatch: the task was updated at ${current}`,
    );
  }
  const { update, unassign } = parsed.data;
  world.recordWrite({
    vendor: 'maxsight',
    kind: update ? 'reassign' : 'unassign',
    taskId: task.id,
    path: req.path,
    headers: { 'if-match': ifMatch, 'content-type': http.header(req, 'content-type') ?? '' },
    body: read.body,
  });
  const changed = world.update('maxsight', task.id, (t) => {
    t.assignee = update?.assigned_to_type === 'USER' ? knownParty(update.assigned_to_id) : null;
    t.group = update?.assigned_to_type === 'TEAM' ? knownParty(update.assigned_to_id) : null;
    const by = update ?? unassign;
    t.extra.assignedById = by?.assigned_by_id ?? null;
    t.extra.assignmentComment = by?.assignment_comment ?? null;
    const version = t.extra.dataVersion;
    t.extra.dataVersion = typeof version === 'number' ? version + 1 : 1;
  });
  return http.json(200, renderMaxsightTask(changed));
}

// --- The "web app" -----------------------------------------------------------------------------

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function webPage(world: SimWorld, id: string): SimResponse {
  const task = world.get('maxsight', id);
  const body = task
    ? `<h1>${escapeHtml(task.title)}</h1><p>Step: ${escapeHtml(task.stepName)} · Status: ${renderStatus(task)}</p>`
    : `<h1>${MAXSIGHT_TASK_NOT_FOUND}</h1>`;
  return {
    status: task ? 200 : 404,
    text: {
      contentType: 'text/html; charset=utf-8',
      value: `<!doctype html><meta charset="utf-8"><title>Maxsight (simulated)</title><body style="font:16px system-ui;margin:3em">${body}</body>`,
    },
  };
}

// --- Routing -------------------------------------------------------------------------------------

export function createMaxsightSim(context: SimContext): VendorSim {
  const { world, tokens } = context;
  const demo = SIM_USERS.maxsight;
  // The demo key is an API key: valid until tokens are expired (a key rotation), then refused.
  tokens.register('maxsight', demo.apiKey, demo.me.id);
  let requestCounter = 0;
  const webPattern = `${MAXSIGHT_SIM_WEB_ROOT}${MAXSIGHT_WEB_TASK_PATH('__id__').replace('__id__', ':id')}`;

  const api = (req: SimRequest, path: string): SimResponse | null => {
    const key = http.header(req, 'apikey');
    if (tokens.verify('maxsight', key) === null) {
      return detail(401, key ? 'Invalid API key' : 'Missing API key');
    }
    if (path === '/tasks/search') {
      return req.method === 'POST' ? search(world, req) : detail(405, 'Method Not Allowed');
    }
    const assign = http.match('/tasks/:id/update-assignment', path);
    if (assign) {
      if (req.method !== 'PUT') return detail(405, 'Method Not Allowed');
      const task = world.get('maxsight', assign.id ?? '');
      return task ? updateAssignment(world, req, task) : detail(404, MAXSIGHT_TASK_NOT_FOUND);
    }
    const one = http.match('/tasks/:id', path);
    if (one) {
      if (req.method !== 'GET') return detail(405, 'Method Not Allowed');
      const task = world.get('maxsight', one.id ?? '');
      return task ? http.json(200, renderMaxsightTask(task)) : detail(404, MAXSIGHT_TASK_NOT_FOUND);
    }
    return null;
  };

  return {
    vendor: 'maxsight',
    prefix: 'maxsight',
    handle(req) {
      if (req.path.startsWith(`${MAXSIGHT_SIM_API_ROOT}/`)) {
        return api(req, req.path.slice(MAXSIGHT_SIM_API_ROOT.length));
      }
      const page = http.match(webPattern, req.path);
      if (page && req.method === 'GET') return webPage(world, page.id ?? '');
      return null;
    },
    errorBody: (_status, message) => ({ [MAXSIGHT_ERROR_DETAIL_KEY]: message }),
    commonHeaders: () => {
      requestCounter += 1;
      return { [MAXSIGHT_REQUEST_ID_HEADER]: `mxs-${requestCounter}` };
    },
  };
}
