// Twinit workflowsvc facts that Twinit's documentation does not state (inferred; each comment says
// what was assumed). The adapter and the simulator both import them, so correcting one here
// corrects both.

/** Access tokens go in `Authorization: Bearer`: the docs name OAuth2 but never the header. */
export const AUTH_SCHEME = 'Bearer';

/** There is no "my pending inputs" call: runs waiting on a person have this run status. */
export const PENDING_RUN_STATUS = 'RUNNING';

/** The status a USER_INPUT task shows while its run waits for the answer (only QUEUED/RUNNING/COMPLETED/FAILED are seen). */
export const WAITING_TASK_STATUS = 'RUNNING';

/** Task statuses after which no input is accepted; the full enum is undocumented. */
export const TERMINAL_TASK_STATUSES: readonly string[] = [
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'CANCELED',
  'TERMINATED',
  'TIMED_OUT',
  'SKIPPED',
  'ABORTED',
];

/** What each seen status means for a person's input; anything else is shown as "other". */
export const TASK_STATUS_MEANING: Readonly<Record<string, 'open' | 'in_progress' | 'completed'>> = {
  // Both mean "the run is parked on this step until someone answers".
  QUEUED: 'open',
  RUNNING: 'open',
  COMPLETED: 'completed',
};

/** `_userType` of a group entry in `_userInputPermissions` (only "user" is documented). */
export const PERMISSION_GROUP_TYPE = 'group';

/** The `userinputid` of the completion call is the USER_INPUT task's own `_id`. */
export const userInputIdFor = (taskId: string): string => taskId;

/** Completion path spellings, tried in order: the docs say `workflow`, their example `workflows`. */
export const COMPLETE_PATH_SPELLINGS = ['workflow', 'workflows'] as const;

/**
 * Required form fields: JSON Schema's own way, a `required` array of names beside the field map
 * (a per-field `required: true` is honoured too, as draft-3 schemas spell it).
 */
export const REQUIRED_FIELDS_KEY = 'required';

/** A string under this key beside the field map (not a field: fields are objects) describes the step. */
export const FORM_DESCRIPTION_KEY = 'description';

/** `format` values of a string field that make it a date picker. */
export const DATE_FORMATS: readonly string[] = ['date', 'date-time'];

/** `format` values of a string field that make it a file (content sent as a string). */
export const FILE_FORMATS: readonly string[] = ['binary', 'data-url'];

/** An answered USER_INPUT task keeps what was submitted under this key. */
export const USER_INPUT_RESULT_KEY = '_result';

/** Log lines carry `2026-03-10 17:26:08` without a zone: read as UTC, as servers usually log. */
export const LOG_TIME_ZONE = 'UTC';

/** A `_timeoutSeconds` of 0 (or absent) means "no timeout". */
export const NO_TIMEOUT_SECONDS = 0;

/**
 * The timeout that sets the deadline (counted from the step's `_createdAt`): the step's own
 * `_timeoutSeconds`, else the run's; null when neither is set (the account's age limit decides).
 */
export function effectiveTimeoutSeconds(
  taskTimeoutSec: number | null,
  runTimeoutSec: number | null,
): number | null {
  for (const seconds of [taskTimeoutSec, runTimeoutSec]) {
    if (seconds !== null && seconds > NO_TIMEOUT_SECONDS) return seconds;
  }
  return null;
}

/** v5.0's `_count` may be a page count, not a total: paging then stops on a short page instead. */
export const COUNT_FIELD_IS_TOTAL = false;

/** Error bodies are undocumented: a human message is read from the first of these keys. */
export const ERROR_MESSAGE_KEYS: readonly string[] = ['message', 'error_description', 'error'];

/** …and field problems from this key, as `[{field, message}]`. */
export const ERROR_FIELDS_KEY = 'errors';

/** Twinit has no known web page for one workflow task, so "open in Twinit" is not offered. */
export const TASK_WEB_URL_PATTERN: string | null = null;
