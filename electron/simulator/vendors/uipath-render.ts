// SimTask → UiPath JSON: PascalCase OData records for lists, camelCase typed details, form.io
// layouts for form tasks. The escalation and App-task action assumptions are the adapter's.
import {
  APP_TASK_ACTIONS_KEY,
  APP_TASK_ACTION_SET_PATH,
  ESCALATION_ACTIVITY_TYPES,
  GROUP_USER_TYPES,
} from '../../core/assumptions/uipath';
import { isoUtc } from '../http-kit';
import { SIM_USERS, type SimField, type SimJson, type SimParty, type SimTask } from '../world';

export type SimKind = 'app' | 'form' | 'generic';
type JsonRecord = { [key: string]: SimJson };

/** A recorded assignment change, for the Activities history. */
export interface SimActivity {
  type: string;
  at: number;
  creatorUserId: number | null;
  targetUserId: number | null;
}

export const TASK_PROPERTIES = new Set([
  'Id',
  'Key',
  'Title',
  'Type',
  'Priority',
  'Status',
  'CreationTime',
  'LastModificationTime',
  'LastAssignedTime',
  'CompletionTime',
  'OrganizationUnitId',
  'OrganizationUnitFullyQualifiedName',
  'IsCompleted',
  'IsDeleted',
  'AssignedToUserId',
  'TaskCatalogName',
]);

const SLA_SOON_MS = 4 * 3600_000;

export interface SimUiPathUser {
  id: number;
  userName: string;
  name: string;
  surname: string;
  email: string;
}

export function uipathUser(party: SimParty): SimUiPathUser {
  const [name = party.name, ...rest] = party.name.split(' ');
  const userName = party.name.toLowerCase().replace(/[^a-z0-9]+/g, '.');
  return {
    id: Number(party.id),
    userName,
    name,
    surname: rest.join(' '),
    email: `${userName}@${SIM_USERS.uipath.org}.test`,
  };
}

/** A directory group the simulated tenant knows: tasks may be given to it with a group criteria. */
export const SIM_GROUP = { id: '31', name: 'Finance Approvers' } as const;

/** Folders the demo user may see and act in; tasks elsewhere are hidden from them. */
export const NO_ACCESS_FOLDER = 66;

export function canSeeFolder(subject: string, folder: number): boolean {
  return subject.startsWith('app:') || folder !== NO_ACCESS_FOLDER;
}

/** GetTaskUsers' rows: the users and the group of the tenant, as Orchestrator writes them. */
export function taskUserRecords(): JsonRecord[] {
  const { me, other } = SIM_USERS.uipath;
  const users: JsonRecord[] = [me, other].map((party) => {
    const u = uipathUser(party);
    return {
      Id: u.id,
      Name: u.name,
      Surname: u.surname,
      UserName: u.userName,
      EmailAddress: u.email,
      DisplayName: party.name,
      Type: 'DirectoryUser',
    };
  });
  users.push({
    Id: Number(SIM_GROUP.id),
    Name: SIM_GROUP.name,
    Surname: null,
    UserName: SIM_GROUP.name,
    EmailAddress: null,
    DisplayName: SIM_GROUP.name,
    Type: GROUP_USER_TYPES[0] ?? 'DirectoryGroup',
  });
  return users;
}

/** The users this Orchestrator knows, by id, user name or e-mail. */
export function findUser(key: number | string): SimParty | null {
  const { me, other } = SIM_USERS.uipath;
  for (const party of [me, other]) {
    const user = uipathUser(party);
    if (
      typeof key === 'number'
        ? user.id === key
        : [user.userName, user.email].includes(key.toLowerCase())
    ) {
      return { ...party };
    }
  }
  return null;
}

export function kindOf(task: SimTask): SimKind {
  if (task.extra.taskType === 'AppTask') return 'app';
  if (task.extra.taskType === 'FormTask') return 'form';
  return 'generic';
}

export function folderOf(task: SimTask): number {
  return Number(task.extra.folderId ?? 4);
}

export function statusOf(task: SimTask): 'Unassigned' | 'Pending' | 'Completed' {
  if (task.status === 'completed') return 'Completed';
  return task.assignee ? 'Pending' : 'Unassigned';
}
const STATUS_NUMBERS = { Unassigned: 0, Pending: 1, Completed: 2 } as const;

const PRIORITIES = { low: 'Low', normal: 'Medium', high: 'High', critical: 'Critical' } as const;

function slaStatus(task: SimTask, now: number): string | null {
  if (task.dueAt === null) return null;
  if (task.completion)
    return task.completion.at <= task.dueAt ? 'CompletedInTime' : 'CompletedLate';
  if (task.dueAt < now) return 'Overdue';
  return task.dueAt - now < SLA_SOON_MS ? 'OverdueSoon' : 'OverdueLater';
}

function userRecord(party: SimParty | null, camel: boolean): SimJson {
  if (!party) return null;
  const u = uipathUser(party);
  return camel
    ? { id: u.id, userName: u.userName, name: u.name, surname: u.surname, emailAddress: u.email }
    : { Id: u.id, UserName: u.userName, Name: u.name, Surname: u.surname, EmailAddress: u.email };
}

export function currentUserRecord(party: SimParty, context: string): JsonRecord {
  const u = uipathUser(party);
  return {
    '@odata.context': context,
    Id: u.id,
    UserName: u.userName,
    Name: u.name,
    Surname: u.surname,
    FullName: party.name,
    EmailAddress: u.email,
    Type: 'User',
    IsActive: true,
  };
}

function activities(task: SimTask, history: SimActivity[]): SimJson[] {
  const list: SimActivity[] = [
    { type: 'Created', at: task.createdAt, creatorUserId: null, targetUserId: null },
  ];
  if (task.assignee && !history.some((a) => a.type === 'Reassigned')) {
    list.push({
      type: 'Assigned',
      at: task.createdAt,
      creatorUserId: null,
      targetUserId: Number(task.assignee.id),
    });
  }
  // UiPath has no escalation flag: an escalated task shows as forwarded (the shared assumption),
  // at the moment it was escalated (the control API stamps it), else when it was made.
  if (task.escalated) {
    const at = task.extra.escalatedAt;
    list.push({
      type: ESCALATION_ACTIVITY_TYPES[0] ?? 'Forwarded',
      at: typeof at === 'number' ? at : task.createdAt,
      creatorUserId: Number(SIM_USERS.uipath.other.id),
      targetUserId: task.assignee ? Number(task.assignee.id) : null,
    });
  }
  list.push(...history);
  if (task.completion)
    list.push({
      type: 'Completed',
      at: task.completion.at,
      creatorUserId: null,
      targetUserId: null,
    });
  return list.map((a) => ({
    TaskId: Number(task.id),
    ActivityType: a.type,
    CreationTime: isoUtc(a.at),
    CreatorUserId: a.creatorUserId,
    TargetUserId: a.targetUserId,
  }));
}

/** The OData record (PascalCase), with every filterable property; expansions on request. */
export function odataRecord(
  task: SimTask,
  now: number,
  history: SimActivity[],
  expand: Set<string>,
): JsonRecord {
  const sla = slaStatus(task, now);
  const record: JsonRecord = {
    Id: Number(task.id),
    Key: String(task.extra.key ?? ''),
    Title: task.title,
    Type: String(task.extra.taskType ?? 'AppTask'),
    Priority: PRIORITIES[task.priority],
    Status: statusOf(task),
    CreationTime: isoUtc(task.createdAt),
    LastModificationTime: isoUtc(task.updatedAt),
    LastAssignedTime: task.assignee ? isoUtc(task.createdAt) : null,
    CompletionTime: task.completion ? isoUtc(task.completion.at) : null,
    OrganizationUnitId: folderOf(task),
    OrganizationUnitFullyQualifiedName: String(task.extra.folderName ?? 'Shared'),
    IsCompleted: task.status === 'completed',
    IsDeleted: task.extra.deleted === true,
    AssignedToUserId: task.assignee ? Number(task.assignee.id) : null,
    TaskCatalogName: task.workflowName,
    TaskSlaDetail: task.dueAt === null ? null : { ExpiryTime: isoUtc(task.dueAt), Status: sla },
  };
  if (expand.has('AssignedToUser')) record.AssignedToUser = userRecord(task.assignee, false);
  if (expand.has('Activities')) record.Activities = activities(task, history);
  if (expand.has('Tags')) record.Tags = [];
  return record;
}

export function fieldValues(task: SimTask): JsonRecord {
  const values: JsonRecord = Object.fromEntries(task.fields.map((f) => [f.name, f.value]));
  return task.completion ? { ...values, ...task.completion.data } : values;
}

const COMPONENT_TYPES = {
  text: 'textfield',
  number: 'number',
  date: 'datetime',
  boolean: 'checkbox',
  select: 'select',
  file: 'file',
} as const;

/** `extra['maxLength.<field>']`: a form.io maxLength rule only the server checks. */
export function maxLengthOf(task: SimTask, field: string): number | null {
  const value = task.extra[`maxLength.${field}`];
  return typeof value === 'number' ? value : null;
}

function component(task: SimTask, field: SimField): JsonRecord {
  const validate: JsonRecord = { required: field.required };
  const maxLength = maxLengthOf(task, field.name);
  if (maxLength !== null) validate.maxLength = maxLength;
  const out: JsonRecord = {
    type: COMPONENT_TYPES[field.type],
    key: field.name,
    label: field.label,
    input: true,
    validate,
  };
  if (field.type === 'select') {
    out.data = { values: field.options.map((option) => ({ label: option, value: option })) };
  }
  return out;
}

/** A form.io layout: a description, the fields in two columns, one submit button per result. */
export function formLayout(task: SimTask): JsonRecord {
  const half = Math.ceil(task.fields.length / 2);
  const components: SimJson[] = [];
  if (task.description) {
    components.push({
      type: 'content',
      key: 'intro',
      input: false,
      html: `<p>${task.description.replace(/[<&>]/g, '')}</p>`,
    });
  }
  components.push({
    type: 'columns',
    key: 'columns',
    input: false,
    columns: [
      { components: task.fields.slice(0, half).map((f) => component(task, f)) },
      { components: task.fields.slice(half).map((f) => component(task, f)) },
    ],
  });
  for (const result of task.results) {
    components.push({
      type: 'button',
      key: result.code,
      label: result.label,
      action: 'submit',
      input: true,
    });
  }
  return { display: 'form', components };
}

/** An outcome as UiPath's SDKs write it into an App task's action set (PascalCase). */
function actionOf(task: SimTask, result: { code: string; label: string }): JsonRecord {
  return {
    Id: String(task.extra.key ?? task.id),
    Name: result.code,
    Title: result.label,
    Type: 'Action.Http',
    IsPrimary: true,
  };
}

/** Nested objects along a path, the last holding `leaf`. */
function nest(path: string[], leaf: SimJson): SimJson {
  return path.reduceRight<SimJson>((inner, key) => ({ [key]: inner }), leaf);
}

/**
 * The typed detail (camelCase). Generic tasks send the status as a number, as that endpoint does.
 * A form's layout is stored by reference: it comes back only when asked to expand it. An App
 * task's outcomes are in its action set, or (`extra.actionsInData`) in its data's `Actions`.
 */
export function detailRecord(
  task: SimTask,
  now: number,
  options: { expandFormLayout: boolean },
): JsonRecord {
  const kind = kindOf(task);
  const status = statusOf(task);
  const sla = slaStatus(task, now);
  const data = fieldValues(task);
  const record: JsonRecord = {
    id: Number(task.id),
    key: String(task.extra.key ?? ''),
    title: task.title,
    type: String(task.extra.taskType ?? 'AppTask'),
    status: kind === 'generic' ? STATUS_NUMBERS[status] : status,
    priority: PRIORITIES[task.priority],
    organizationUnitId: folderOf(task),
    organizationUnitFullyQualifiedName: String(task.extra.folderName ?? 'Shared'),
    assignedToUserId: task.assignee ? Number(task.assignee.id) : null,
    assignedToUser: userRecord(task.assignee, true),
    taskSlaDetails: task.dueAt === null ? [] : [{ expiryTime: isoUtc(task.dueAt), status: sla }],
    taskAssignmentCriteria: 'SingleUser',
    creationTime: isoUtc(task.createdAt),
    lastModificationTime: isoUtc(task.updatedAt),
    lastAssignedTime: task.assignee ? isoUtc(task.createdAt) : null,
    completionTime: task.completion ? isoUtc(task.completion.at) : null,
    isDeleted: task.extra.deleted === true,
    taskCatalogName: task.workflowName,
    action: task.completion?.result ?? null,
    tags: [],
    data,
  };
  if (kind === 'app') {
    if (task.extra.actionsInData === true) {
      data[APP_TASK_ACTIONS_KEY] = task.results.map((r) => ({ name: r.code, label: r.label }));
    } else if (task.results.length > 0) {
      const [first, ...rest] = APP_TASK_ACTION_SET_PATH;
      record[first ?? 'actionableMessageMetaData'] = nest(
        rest,
        task.results.map((r) => actionOf(task, r)),
      );
    }
    record.appTasksMetadata = {
      appId: String(task.extra.appId ?? 'tasktray-demo-app'),
      appVersion: 1,
      creationTime: isoUtc(task.createdAt),
      id: Number(task.id),
    };
  }
  if (kind === 'form') {
    record.formLayoutId = Number(task.id) + 9000;
    record.formLayout = options.expandFormLayout ? formLayout(task) : null;
  }
  return record;
}
