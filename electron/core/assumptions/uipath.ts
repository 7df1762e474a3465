// UiPath facts that no public UiPath document states (inferred; each comment says what was
// assumed). The adapter and the simulator both import them, so correcting one here corrects both.

/** Where "who am I" comes from: UiPath documents no "my tasks" call, so we ask for the user's id. */
export const CURRENT_USER_PATH =
  '/odata/Users/UiPath.Server.Configuration.OData.GetCurrentUserExtended';

/** Open tasks: Unassigned and Pending are the two states that still wait for a person. */
export const OPEN_TASKS_FILTER =
  "(Status eq 'Pending' or Status eq 'Unassigned') and IsDeleted eq false";

/**
 * "My tasks" = the user's pending tasks, plus the unassigned ones they could claim. An unassigned
 * task has no `AssignedToUserId`, so the two need an `or`: ANDed with the user's id, the
 * Unassigned clause could never match. GetTasksAcrossFolders already limits the list to folders
 * the user may act in [I: inferred from Action Center's Unassigned tab].
 */
export function myTasksFilter(userId: string): string {
  return `IsDeleted eq false and ((Status eq 'Pending' and AssignedToUserId eq ${userId}) or Status eq 'Unassigned')`;
}

/** An app (client credentials) has no user: it lists every open task its folders show it. */
export const APP_TASKS_FILTER = OPEN_TASKS_FILTER;

/** Claiming is assigning the task to oneself ([C] AssignTasks); releasing is UnassignTasks. */
export const CLAIM_PATH = '/odata/Tasks/UiPath.Server.Configuration.OData.AssignTasks';
export const RELEASE_PATH = '/odata/Tasks/UiPath.Server.Configuration.OData.UnassignTasks';

/** [C, UiPath's TypeScript SDK] The people and groups a folder's tasks may go to. */
export const taskUsersPath = (folderId: string): string =>
  `/odata/Tasks/UiPath.Server.Configuration.OData.GetTaskUsers(organizationUnitId=${folderId})`;

/** [C, SDK] The user types GetTaskUsers returns that stand for a directory group. */
export const GROUP_USER_TYPES: readonly string[] = ['DirectoryGroup'];

/**
 * [C, SDK `TaskAssignmentCriteria`] How a task given to a group is shared out: to everyone, to the
 * member with the fewest pending tasks, or in turn. The first is what Tasktray sends by default.
 */
export const GROUP_ASSIGNMENT_CRITERIA = ['AllUsers', 'Workload', 'RoundRobin'] as const;
export type GroupAssignmentCriteria = (typeof GROUP_ASSIGNMENT_CRITERIA)[number];

/** [C, SDK] Task comments ("notes"): not every Orchestrator version has them (a 404 says so). */
export const taskNotesPath = (taskId: number): string =>
  `/odata/TaskNotes/UiPath.Server.Configuration.OData.GetByTaskId(taskId=${taskId})`;
export const CREATE_TASK_NOTE_PATH =
  '/odata/TaskNotes/UiPath.Server.Configuration.OData.CreateTaskNote';

/**
 * [C, SDK] Form tasks whose layout is stored by reference come back without it unless asked to
 * expand it: without this, a form shows no fields.
 */
export const EXPAND_FORM_LAYOUT_QUERY = { expandOnFormLayout: true } as const;

/**
 * UiPath has no escalation flag. Escalation is a change seen after the task first reached us:
 * a forwarded or reassigned activity, or its priority raised. A task that arrives already High is
 * new, not escalated.
 */
export const ESCALATION_ACTIVITY_TYPES: readonly string[] = ['Forwarded', 'Reassigned'];

/** Priorities from lowest to highest: a move up this list is an escalation. */
export const PRIORITY_ORDER: readonly string[] = ['Low', 'Medium', 'High', 'Critical'];

/** The SLA status that means overdue; a passed expiry on an open task counts too. */
export const SLA_OVERDUE_STATUS = 'Overdue';

/** Orchestrator keeps times in UTC; a stamp that arrives without a zone is read as UTC. */
export const ZONELESS_TIME_ZONE = 'UTC';

/** Action Center lives beside Orchestrator: `{org}/{tenant}/actions_/tasks/{id}`. */
export const ACTION_CENTER_SEGMENT = 'actions_';

/** The Action Center page of a task, derived from the Orchestrator URL; null when it does not fit. */
export function actionCenterUrl(orchestratorUrl: string, taskId: string): string | null {
  const base = orchestratorUrl.replace(/\/+$/, '');
  if (!base.endsWith('/orchestrator_')) return null;
  return `${base.slice(0, -'orchestrator_'.length)}${ACTION_CENTER_SEGMENT}/tasks/${taskId}`;
}

/**
 * [C, UiPath's SDKs create App tasks so] An App task's outcomes are in
 * `actionableMessageMetaData.actionSet.actions` (`{Id, Name, Title, …}`); `Name` is what
 * completing sends as `action`. Keys are read whatever their case: the SDKs send PascalCase.
 */
export const APP_TASK_ACTION_SET_PATH = ['actionableMessageMetaData', 'actionSet', 'actions'];

/** [I] Older App task schemas carry their outcomes in the data's `Actions` (strings or `{name, label}`). */
export const APP_TASK_ACTIONS_KEY = 'Actions';

/** form.io buttons whose action finishes the task; their keys are the results sent as `action`. */
export const FORM_RESULT_BUTTON_ACTIONS: readonly string[] = ['submit', 'custom'];

/**
 * Action Center submits the whole data object on completion; sending only the edited fields
 * could blank the rest, so the task's current data is merged under the user's values.
 */
export const MERGE_TASK_DATA_ON_COMPLETE = true;

/**
 * 400 bodies may name the fields at fault as ASP.NET does: `errors` (Core) or `modelState`
 * (legacy), each `{ "data.field": ["message"] }`.
 */
export const VALIDATION_ERROR_KEYS: readonly string[] = ['errors', 'modelState'];

/**
 * [I] A task given to a group has no `AssignedToUserId`: the group shows only as the target of
 * its latest assignment activity (a directory group has a user id of its own in Orchestrator).
 * The task's group is read from there; an `Unassigned` activity after it means the pool again.
 */
export const GROUP_ASSIGNMENT_ACTIVITY_TYPES: readonly string[] = ['Assigned', 'Reassigned'];
export const UNASSIGNMENT_ACTIVITY_TYPES: readonly string[] = ['Unassigned'];
