// UiPath facts marked [I] (inferred, found in no public source) in shared/vendor-apis.md. The
// adapter and the simulator both import them, so correcting one here corrects both.

/** Where "who am I" comes from: UiPath documents no "my tasks" call, so we ask for the user's id. */
export const CURRENT_USER_PATH =
  '/odata/Users/UiPath.Server.Configuration.OData.GetCurrentUserExtended';

/** Open tasks: Unassigned and Pending are the two states that still wait for a person. */
export const OPEN_TASKS_FILTER =
  "(Status eq 'Pending' or Status eq 'Unassigned') and IsDeleted eq false";

/** "My tasks" = open tasks whose assignee is the signed-in user (no documented call does this). */
export function myTasksFilter(userId: string): string {
  return `${OPEN_TASKS_FILTER} and AssignedToUserId eq ${userId}`;
}

/** An app (client credentials) has no user: it lists every open task its folders show it. */
export const APP_TASKS_FILTER = OPEN_TASKS_FILTER;

/** UiPath has no escalation flag: a forwarded or reassigned task counts as escalated. */
export const ESCALATION_ACTIVITY_TYPES: readonly string[] = ['Forwarded', 'Reassigned'];

/** …and so does a task whose priority is (or was raised to) one of these. */
export const ESCALATION_PRIORITIES: readonly string[] = ['High', 'Critical'];

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
 * App tasks do not publish their outcomes; we read them from an `Actions` array in the task's
 * data (strings, or `{name, label}`), as App task schemas commonly carry one.
 */
export const APP_TASK_ACTIONS_KEY = 'Actions';

/** When a task names no outcomes, it is completed with the docs' own example action. */
export const DEFAULT_ACTION = { code: 'submit', label: 'Submit' } as const;

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
