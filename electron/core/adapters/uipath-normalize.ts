// UiPath Orchestrator records (PascalCase OData lists, camelCase typed details) to vendor-neutral
// Tasks. Pure functions, so property tests can feed them anything.
import { z } from 'zod';
import {
  InstantSchema,
  JsonValueSchema,
  instantToMs,
  taskId,
  type Instant,
  type JsonValue,
  type Party,
  type Task,
  type TaskCompletion,
  type TaskField,
  type TaskLog,
  type TaskPriority,
  type TaskResult,
  type TaskStatus,
} from '../../../shared/task';
import {
  APP_TASK_ACTIONS_KEY,
  APP_TASK_ACTION_SET_PATH,
  ESCALATION_ACTIVITY_TYPES,
  GROUP_ASSIGNMENT_ACTIVITY_TYPES,
  PRIORITY_ORDER,
  UNASSIGNMENT_ACTIVITY_TYPES,
  SLA_OVERDUE_STATUS,
  ZONELESS_TIME_ZONE,
  actionCenterUrl,
} from '../assumptions/uipath';
import { parseLocalOrInstant } from '../time';
import { parseFormLayout } from './uipath-form';
import { ownValue, plainJson } from '../own-key';

// ---------------------------------------------------------------------------------------------
// Schemas: strict on ids and folder, lenient on enums and times.

/** Ids arrive as JSON numbers; one beyond 2^53 would already be corrupted, so it is refused. */
export const UiPathIdSchema = z.union([
  z
    .number()
    .int()
    .nonnegative()
    .refine(Number.isSafeInteger, 'an id beyond 2^53 cannot be kept exactly'),
  z.string().regex(/^\d+$/, 'a numeric id'),
]);
export type UiPathId = z.infer<typeof UiPathIdSchema>;

/** Enums come as names or numbers depending on the endpoint. */
const EnumLike = z.union([z.string(), z.number()]).nullish();
const Time = z.string().nullish();
const Text = z.string().nullish();

// Orchestrator sends one record two ways: PascalCase in OData lists, camelCase from the typed
// calls. Each record's fields are written once, camelCase, and read PascalCase from OData.
type PascalCased<T> = { [K in keyof T & string as Capitalize<K>]: T[K] };

function pascalCased<T extends z.ZodRawShape>(shape: T): PascalCased<T> {
  return Object.fromEntries(
    Object.entries(shape).map(([key, schema]) => [
      key.charAt(0).toUpperCase() + key.slice(1),
      schema,
    ]),
  ) as PascalCased<T>;
}

const USER = {
  id: UiPathIdSchema,
  userName: Text,
  name: Text,
  surname: Text,
  fullName: Text,
  emailAddress: Text,
};

const SLA = { expiryTime: Time, status: EnumLike };

/** What a task record carries both ways; each way adds its own fields. */
const TASK = {
  id: UiPathIdSchema,
  key: Text,
  title: Text,
  type: EnumLike,
  priority: EnumLike,
  status: EnumLike,
  creationTime: Time,
  lastModificationTime: Time,
  completionTime: Time,
  assignedToUserId: UiPathIdSchema.nullish(),
  taskCatalogName: Text,
};

export const ODataUserSchema = z.looseObject(pascalCased(USER));
export type ODataUser = z.infer<typeof ODataUserSchema>;

const ODataActivitySchema = z.looseObject({
  ActivityType: EnumLike,
  CreationTime: Time,
  CreatorUserId: UiPathIdSchema.nullish(),
  TargetUserId: UiPathIdSchema.nullish(),
});

export const ODataTaskSchema = z.looseObject({
  ...pascalCased(TASK),
  LastAssignedTime: Time,
  /** The folder: every per-task call needs it, so a record without one is malformed. */
  OrganizationUnitId: UiPathIdSchema,
  OrganizationUnitFullyQualifiedName: Text,
  IsCompleted: z.boolean().nullish(),
  IsDeleted: z.boolean().nullish(),
  AssignedToUser: ODataUserSchema.nullish(),
  TaskSlaDetail: z.looseObject(pascalCased(SLA)).nullish(),
  Activities: z.array(ODataActivitySchema).nullish(),
});
export type ODataTask = z.infer<typeof ODataTaskSchema>;

export const ODataTaskPageSchema = z.looseObject({
  '@odata.count': z.number().int().nonnegative().nullish(),
  value: z.array(ODataTaskSchema),
});

/** GetAppTaskById / GetTaskFormById / GetTaskDataById answer this shape, in camelCase. */
export const TaskDetailSchema = z.looseObject({
  ...TASK,
  organizationUnitId: UiPathIdSchema.nullish(),
  assignedToUser: z.looseObject(USER).nullish(),
  taskSlaDetails: z.array(z.looseObject(SLA)).nullish(),
  /** Some endpoints send the data as a JSON string. */
  data: z.union([z.record(z.string(), JsonValueSchema), z.string()]).nullish(),
  formLayout: JsonValueSchema.nullish(),
  /** Set when the layout is stored apart: it comes back only when asked to expand it. */
  formLayoutId: UiPathIdSchema.nullish(),
});
export type TaskDetail = z.infer<typeof TaskDetailSchema>;

// ---------------------------------------------------------------------------------------------
// Small mappings.

export function idText(id: UiPathId): string {
  return typeof id === 'number' ? String(id) : id;
}

const STATUS_BY_NUMBER = ['Unassigned', 'Pending', 'Completed'];

/** The vendor's status as a name: numbers are the documented enum (0 = Unassigned). */
export function statusName(raw: string | number | null | undefined): string {
  if (typeof raw === 'number') return STATUS_BY_NUMBER[raw] ?? String(raw);
  return raw ?? 'Unknown';
}

export function mapStatus(name: string): TaskStatus {
  switch (name.toLowerCase()) {
    case 'unassigned':
    case 'pending':
      return 'open';
    case 'completed':
      return 'completed';
    default:
      return 'other';
  }
}

const PRIORITIES: Record<string, TaskPriority> = {
  low: 'low',
  medium: 'normal',
  normal: 'normal',
  high: 'high',
  critical: 'critical',
};

export function mapPriority(raw: string | number | null | undefined): TaskPriority | null {
  return typeof raw === 'string' ? (ownValue(PRIORITIES, raw.toLowerCase()) ?? null) : null;
}

const lower = (value: string | number | null | undefined): string =>
  value === null || value === undefined ? '' : String(value).toLowerCase();

/** A priority's place in PRIORITY_ORDER; the docs' "Normal" ranks as Medium; unknown: -1. */
function priorityRank(raw: string | number | null | undefined): number {
  const name = lower(raw) === 'normal' ? 'medium' : lower(raw);
  return PRIORITY_ORDER.findIndex((p) => p.toLowerCase() === name);
}

function isEscalationActivity(type: string | number | null | undefined): boolean {
  return ESCALATION_ACTIVITY_TYPES.some((t) => t.toLowerCase() === lower(type));
}

/**
 * Records already read, by the raw object (never changed once a Task holds it): every poll
 * compares each task with the one kept, whose record the poll before had read already. Read
 * again each time, twenty thousand tasks made the engine's largest share of garbage.
 */
const records = new WeakMap<object, ODataTask | null>();

/** The list record a Task was made from: `raw` is the record, or `{task, detail}` once detailed. */
function recordOf(task: Task): ODataTask | null {
  const raw = isJsonRecord(task.raw) && isJsonRecord(task.raw.task) ? task.raw.task : task.raw;
  if (raw === null || typeof raw !== 'object') return null;
  const known = records.get(raw);
  if (known !== undefined) return known;
  const parsed = ODataTaskSchema.safeParse(raw);
  const record = parsed.success ? parsed.data : null;
  records.set(raw, record);
  return record;
}

/** Escalation activities by anyone but the signed-in user. */
function othersEscalations(
  record: ODataTask | null,
  me: string | null,
): z.infer<typeof ODataActivitySchema>[] {
  return (record?.Activities ?? []).filter((activity) => {
    if (!isEscalationActivity(activity.ActivityType)) return false;
    const by =
      activity.CreatorUserId === null || activity.CreatorUserId === undefined
        ? null
        : idText(activity.CreatorUserId);
    return me === null || by !== me;
  });
}

/** Escalation activities by anyone but the signed-in user, as comparable keys. */
function escalationActivities(record: ODataTask | null, me: string | null): Set<string> {
  return new Set(
    othersEscalations(record, me).map(
      (activity) =>
        `${lower(activity.ActivityType)}@${activity.CreationTime ?? ''}>${activity.TargetUserId ?? ''}`,
    ),
  );
}

const TASK_PRIORITY_ORDER: readonly (TaskPriority | null)[] = ['low', 'normal', 'high', 'critical'];

/**
 * The same rule for a task kept without its raw record (read back from disk after a restart, or
 * by the next CLI command): its priority and its log, which lists the activities it had.
 */
function escalatedSinceKept(seen: Task, now: ODataTask | null, current: Task, me: string | null) {
  const rank = (priority: TaskPriority | null) => TASK_PRIORITY_ORDER.indexOf(priority);
  if (seen.priority !== null && rank(current.priority) > rank(seen.priority)) return true;
  const logged = new Set(seen.logs.map((log) => `${log.message}@${log.at ?? ''}`));
  return othersEscalations(now, me).some((activity) => {
    const log = activityLog(activity);
    return !logged.has(`${log.message}@${log.at ?? ''}`);
  });
}

/**
 * UiPath has no escalation flag, so escalation is a change between the task as we kept it
 * (`seen`) and as read now: its priority raised, or a forwarded or reassigned activity that was
 * not there before (the user's own hand-overs aside). A task that arrives High is simply new.
 */
export function escalatedSince(seen: Task, current: Task, me: string | null): boolean {
  const before = recordOf(seen);
  const now = recordOf(current);
  if (!before && seen.raw === null) return escalatedSinceKept(seen, now, current, me);
  if (priorityRank(now?.Priority ?? null) > priorityRank(before?.Priority ?? null) && before) {
    return true;
  }
  const earlier = escalationActivities(before, me);
  for (const key of escalationActivities(now, me)) if (!earlier.has(key)) return true;
  return false;
}

/** Overdue: never once completed; otherwise the SLA says so or the expiry has passed. */
export function computeOverdue(
  status: TaskStatus,
  dueAt: Instant | null,
  slaStatus: string | number | null | undefined,
  now: number,
): boolean {
  if (status === 'completed') return false;
  if (lower(slaStatus) === SLA_OVERDUE_STATUS.toLowerCase()) return true;
  return dueAt !== null && instantToMs(dueAt) < now;
}

/** A vendor time as an instant; null for anything that is not one (or not representable). */
export function toInstant(value: string | null | undefined): Instant | null {
  const instant = parseLocalOrInstant(value, ZONELESS_TIME_ZONE);
  return instant !== null && InstantSchema.safeParse(instant).success ? instant : null;
}

interface UserNames {
  id: UiPathId;
  name?: string | null;
  surname?: string | null;
  fullName?: string | null;
  userName?: string | null;
  email?: string | null;
}

function partyOf(user: UserNames): Party {
  const full = [user.name, user.surname].filter((part) => part && part.trim()).join(' ');
  const name = user.fullName?.trim() || full || user.userName || user.email || idText(user.id);
  return { id: idText(user.id), name };
}

export function odataUserParty(user: ODataUser): Party {
  return partyOf({
    id: user.Id,
    name: user.Name,
    surname: user.Surname,
    fullName: user.FullName,
    userName: user.UserName,
    email: user.EmailAddress,
  });
}

/** The assignee: the expanded user, else the signed-in user when the id is theirs, else the id. */
function assigneeOf(
  id: UiPathId | null | undefined,
  expanded: Party | null,
  currentUser: Party | null,
): Party | null {
  if (id === null || id === undefined) return expanded;
  const text = idText(id);
  // The id is authoritative; an expansion that names someone else is ignored.
  if (expanded?.id === text) return expanded;
  return currentUser?.id === text ? currentUser : { id: text, name: `User ${text}` };
}

const isActivityOf = (types: readonly string[], type: string | number | null | undefined) =>
  types.some((t) => t.toLowerCase() === lower(type));

/**
 * The group a task went to, when no user holds it: the target of its latest assignment activity
 * (see GROUP_ASSIGNMENT_ACTIVITY_TYPES). Named by id: the record carries no group name.
 */
function groupOf(
  activities: readonly z.infer<typeof ODataActivitySchema>[],
  currentUser: Party | null,
): Party | null {
  let latest: z.infer<typeof ODataActivitySchema> | null = null;
  for (const activity of activities) {
    const assigning = isActivityOf(GROUP_ASSIGNMENT_ACTIVITY_TYPES, activity.ActivityType);
    if (!assigning && !isActivityOf(UNASSIGNMENT_ACTIVITY_TYPES, activity.ActivityType)) continue;
    if ((activity.CreationTime ?? '') >= (latest?.CreationTime ?? '')) latest = activity;
  }
  if (!latest || !isActivityOf(GROUP_ASSIGNMENT_ACTIVITY_TYPES, latest.ActivityType)) return null;
  if (latest.TargetUserId === null || latest.TargetUserId === undefined) return null;
  const id = idText(latest.TargetUserId);
  return id === currentUser?.id ? null : { id, name: `Group ${id}` };
}

function activityLog(activity: z.infer<typeof ODataActivitySchema>): TaskLog {
  const what = String(activity.ActivityType ?? 'Activity');
  const target =
    activity.TargetUserId === null || activity.TargetUserId === undefined
      ? ''
      : ` (user ${idText(activity.TargetUserId)})`;
  return { at: toInstant(activity.CreationTime), level: 'info', message: `${what}${target}` };
}

// ---------------------------------------------------------------------------------------------
// Task types and completion.

export type TaskKind = 'app' | 'form' | 'generic';

/** Which typed endpoints serve a task: App and Form tasks have their own, the rest share one. */
export function taskKind(type: string | number | null | undefined): TaskKind {
  switch (lower(type)) {
    case 'apptask':
      return 'app';
    case 'formtask':
      return 'form';
    default:
      return 'generic';
  }
}

export function detailData(detail: TaskDetail): Record<string, JsonValue> {
  const { data } = detail;
  if (typeof data !== 'string') return data ?? {};
  try {
    const parsed = JsonValueSchema.safeParse(JSON.parse(data));
    return parsed.success && isJsonRecord(parsed.data) ? parsed.data : {};
  } catch {
    return {};
  }
}

export function isJsonRecord(value: JsonValue | undefined): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Scalar data entries as fields: App and generic tasks publish no form, only their data. */
export function dataFields(data: Record<string, JsonValue>, skip: string[] = []): TaskField[] {
  const fields: TaskField[] = [];
  for (const [name, value] of Object.entries(data)) {
    if (skip.includes(name) || (typeof value === 'object' && value !== null)) continue;
    const type =
      typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text';
    fields.push({
      name,
      label: name,
      type,
      required: false,
      value,
      options: [],
      description: null,
    });
  }
  return fields;
}

/** A key of a vendor object, whatever its case: UiPath's SDKs write PascalCase, its API camelCase. */
function keyOf(record: Record<string, JsonValue>, name: string): JsonValue | undefined {
  const wanted = name.toLowerCase();
  for (const key of Object.keys(record)) if (key.toLowerCase() === wanted) return record[key];
  return undefined;
}

function resultsFrom(
  actions: JsonValue | undefined,
  codeKey: string,
  labelKeys: string[],
): TaskResult[] {
  const results: TaskResult[] = [];
  if (!Array.isArray(actions)) return results;
  for (const action of actions) {
    if (typeof action === 'string' && action !== '') {
      results.push({ code: action, label: action });
      continue;
    }
    if (!isJsonRecord(action)) continue;
    const code = keyOf(action, codeKey);
    if (typeof code !== 'string' || code === '') continue;
    const label = labelKeys
      .map((key) => keyOf(action, key))
      .find((v) => typeof v === 'string' && v !== '');
    results.push({ code, label: typeof label === 'string' ? label : code });
  }
  return dedupeResults(results);
}

/**
 * The outcomes an App task offers: its actionable-message action set, else its data's `Actions`;
 * none when it names neither (completing it is then left to Action Center).
 */
export function appTaskResults(
  detail: Record<string, JsonValue>,
  data: Record<string, JsonValue>,
): TaskResult[] {
  let node: JsonValue | undefined = detail;
  for (const key of APP_TASK_ACTION_SET_PATH)
    node = isJsonRecord(node) ? keyOf(node, key) : undefined;
  const fromSet = resultsFrom(node, 'Name', ['Title', 'Label', 'Name']);
  if (fromSet.length > 0) return fromSet;
  return resultsFrom(keyOf(data, APP_TASK_ACTIONS_KEY), 'name', ['label', 'title']);
}

function dedupeResults(results: TaskResult[]): TaskResult[] {
  const seen = new Set<string>();
  return results.filter((result) => !seen.has(result.code) && seen.add(result.code));
}

function completionFrom(
  results: TaskResult[],
  fields: TaskField[],
  unavailable: string | null,
): TaskCompletion {
  if (unavailable !== null)
    return { kind: 'none', results, fields, unavailableReason: unavailable };
  return { kind: fields.length > 0 ? 'form' : 'results', results, fields, unavailableReason: null };
}

const NO_FORM =
  'UiPath sent this form without its layout, so Tasktray cannot show its fields; complete it in Action Center.';
const NO_FORM_BUTTONS =
  'This form names no buttons to finish it with; complete it in Action Center.';
const NO_APP_OUTCOMES =
  'UiPath does not say which outcomes this App task takes; complete it in Action Center.';

/** A form task's text components (its description, the amount asked for) as its description. */
export function formText(kind: TaskKind, detail: TaskDetail): string | null {
  if (kind !== 'form') return null;
  const text = parseFormLayout(detail.formLayout ?? null, detailData(detail)).text.join('\n');
  return text === '' ? null : text;
}

export function detailCompletion(
  kind: TaskKind,
  detail: TaskDetail,
  blocked: string | null,
): TaskCompletion {
  const data = detailData(detail);
  if (kind === 'form') {
    const form = parseFormLayout(detail.formLayout ?? null, data);
    const empty = form.fields.length === 0 && form.results.length === 0;
    const unavailable =
      empty &&
      ((detail.formLayoutId !== null && detail.formLayoutId !== undefined) || !detail.formLayout)
        ? NO_FORM
        : form.unsupported.length > 0
          ? `This form has parts Tasktray cannot show (${form.unsupported.join(', ')}); complete it in Action Center.`
          : form.results.length === 0
            ? NO_FORM_BUTTONS
            : null;
    return completionFrom(form.results, form.fields, blocked ?? unavailable);
  }
  if (kind === 'app') {
    const results = appTaskResults(plainJson(detail) as Record<string, JsonValue>, data);
    const fields = dataFields(data, [APP_TASK_ACTIONS_KEY]);
    return completionFrom(
      results,
      fields,
      blocked ?? (results.length === 0 ? NO_APP_OUTCOMES : null),
    );
  }
  // External and document tasks take no outcome: UiPath's SDK completes them with data alone.
  return completionFrom([], dataFields(data), blocked);
}

// ---------------------------------------------------------------------------------------------
// Records to Tasks.

export interface NormalizeContext {
  accountId: string;
  orchestratorUrl: string;
  now: number;
  /** The signed-in user, to name an assignee the record does not expand. */
  currentUser: Party | null;
  /** Why this account cannot complete tasks (an app has no assignee), or null. */
  completionBlocked: string | null;
}

const ALREADY_COMPLETED = 'This task is already completed.';

/**
 * Why the signed-in user cannot complete the task, or null. UiPath lets only the assignee complete
 * one, so a task someone else holds (read by its id: the list shows only the user's and the
 * unassigned) is theirs to complete.
 */
function completionBlocked(
  status: TaskStatus,
  assignee: Party | null,
  ctx: NormalizeContext,
): string | null {
  if (status === 'completed') return ALREADY_COMPLETED;
  return ctx.completionBlocked ?? heldByOther(assignee, ctx.currentUser);
}

/** Why a task someone other than the signed-in user holds cannot be completed by them, or null. */
export function heldByOther(assignee: Party | null, currentUser: Party | null): string | null {
  if (!assignee || !currentUser || assignee.id === currentUser.id) return null;
  return `${assignee.name} has this task now: UiPath lets only the user it is assigned to complete it.`;
}

/** A list record (OData, PascalCase) as a summary Task. */
export function normalizeTask(record: ODataTask, ctx: NormalizeContext): Task {
  const vendorTaskId = idText(record.Id);
  const rawStatus = statusName(record.Status);
  let status = mapStatus(rawStatus);
  if (status === 'other' && record.IsCompleted === true) status = 'completed';
  const dueAt = toInstant(record.TaskSlaDetail?.ExpiryTime);
  const activities = record.Activities ?? [];
  const assignee = assigneeOf(
    record.AssignedToUserId ?? record.AssignedToUser?.Id,
    record.AssignedToUser ? odataUserParty(record.AssignedToUser) : null,
    ctx.currentUser,
  );
  const locator: Record<string, string> = { folderId: idText(record.OrganizationUnitId) };
  if (record.Type !== null && record.Type !== undefined) locator.type = String(record.Type);
  if (record.Key) locator.key = record.Key;
  const blocked = completionBlocked(status, assignee, ctx);
  return {
    id: taskId(ctx.accountId, vendorTaskId),
    accountId: ctx.accountId,
    vendor: 'uipath',
    vendorTaskId,
    locator,
    title: record.Title?.trim() || `Task ${vendorTaskId}`,
    workflowName: record.TaskCatalogName ?? null,
    stepName: null,
    description: null,
    status,
    rawStatus,
    priority: mapPriority(record.Priority),
    createdAt: toInstant(record.CreationTime),
    updatedAt: toInstant(record.LastModificationTime),
    dueAt,
    overdue: computeOverdue(status, dueAt, record.TaskSlaDetail?.Status, ctx.now),
    // UiPath has no flag: the engine compares polls through the adapter's `escalatedSince`.
    escalated: false,
    assignee,
    group: assignee === null ? groupOf(activities, ctx.currentUser) : null,
    entity: null,
    webUrl: actionCenterUrl(ctx.orchestratorUrl, vendorTaskId),
    completion: completionFrom([], [], blocked),
    previousSteps: [],
    logs: activities.map(activityLog),
    detailLoaded: false,
    raw: plainJson(record),
  };
}

/** The list record completed by its typed detail (camelCase): fresher state, the form, the data. */
export function normalizeDetail(
  record: ODataTask,
  detail: TaskDetail,
  ctx: NormalizeContext,
): Task {
  const base = normalizeTask(record, ctx);
  const rawStatus =
    detail.status === null || detail.status === undefined
      ? base.rawStatus
      : statusName(detail.status);
  const status = mapStatus(rawStatus) === 'other' ? base.status : mapStatus(rawStatus);
  const sla = detail.taskSlaDetails?.[0] ?? null;
  const dueAt = sla ? toInstant(sla.expiryTime) : base.dueAt;
  const slaStatus = sla ? sla.status : record.TaskSlaDetail?.Status;
  const priorityRaw = detail.priority ?? record.Priority;
  const expanded = detail.assignedToUser
    ? partyOf({
        id: detail.assignedToUser.id,
        name: detail.assignedToUser.name,
        surname: detail.assignedToUser.surname,
        fullName: detail.assignedToUser.fullName,
        userName: detail.assignedToUser.userName,
        email: detail.assignedToUser.emailAddress,
      })
    : null;
  const kind = taskKind(record.Type ?? detail.type);
  // A detail that names no assignee at all leaves the list's; an explicit null unassigns.
  const assignee =
    detail.assignedToUserId === undefined && !expanded
      ? base.assignee
      : assigneeOf(detail.assignedToUserId ?? expanded?.id, expanded, ctx.currentUser);
  const blocked = completionBlocked(status, assignee, ctx);
  return {
    ...base,
    title: detail.title?.trim() || base.title,
    workflowName: detail.taskCatalogName ?? base.workflowName,
    status,
    rawStatus,
    priority: mapPriority(priorityRaw) ?? base.priority,
    createdAt: toInstant(detail.creationTime) ?? base.createdAt,
    updatedAt: toInstant(detail.lastModificationTime) ?? base.updatedAt,
    dueAt,
    overdue: computeOverdue(status, dueAt, slaStatus, ctx.now),
    assignee,
    description: formText(kind, detail) ?? base.description,
    completion: detailCompletion(kind, detail, blocked),
    detailLoaded: true,
    raw: { task: plainJson(record), detail: plainJson(detail) },
  };
}
