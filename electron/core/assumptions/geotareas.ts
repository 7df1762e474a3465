// GeoTareas facts marked [I] (inferred: no public GeoTareas document states them; each comment
// says what was assumed), plus the documented [C] numbers both sides must agree on. The adapter and the simulator both
// import them, so correcting one here corrects both.

// ── [I] inferred ────────────────────────────────────────────────────────────────────────────

/**
 * Zone-less times (`due_date`, `created_at`, `completed_at`) are wall-clock time in the tenant's
 * zone: the account's `timeZone` names it, the machine's zone when unset. False: they are UTC.
 */
export const ZONELESS_TIMES_ARE_TENANT_LOCAL = true;

/**
 * The list answers the signed-in user's inbox: tasks assigned to the user or to one of the
 * user's groups, so the adapter does no filtering of its own by assignee. False: only the user's.
 */
export const INBOX_INCLUDES_GROUP_TASKS = true;

/** Without a `status` filter the list includes COMPLETED tasks too; the adapter drops them. */
export const UNFILTERED_LIST_INCLUDES_COMPLETED = true;

/**
 * Completing a task that is no longer open is refused with 400 VALIDATION_ERROR whose message
 * says so with these words.
 */
export const ALREADY_COMPLETED_TEXT = 'is already completed';

/** The JWT payload is readable and carries `exp` (unix seconds), as JWTs usually do. */
export const JWT_EXPIRY_CLAIM = 'exp';

/** The JWT's `sub` is the user's GeoTareas id (used to report who signed in). */
export const JWT_SUBJECT_CLAIM = 'sub';

/** A wrong email or password at `POST /login` answers 401 UNAUTHORIZED. */
export const LOGIN_FAILURE_STATUS = 401;

/**
 * VALIDATION_ERROR bodies may carry `error.details: [{field, message}]` naming request fields
 * (`result_code`, `comment`, `captured_data.<name>`…); without it the message is searched for a
 * field name.
 */
export const ERROR_DETAILS_KEY = 'details';

/**
 * Form fields may carry `label` (display text) and, for `select`, `options` as
 * `[{value, label}]` or plain strings. Both optional: absent, the name is shown and any value
 * is accepted.
 */
export const FIELD_LABEL_KEY = 'label';
export const FIELD_OPTIONS_KEY = 'options';

/** The web app shows a task at `{webUrl}/workflow/tasks/{id}`. */
export const WEB_TASK_PATH = '/workflow/tasks/';

export function taskWebUrl(webUrl: string, taskId: string): string {
  return `${webUrl.replace(/\/+$/, '')}${WEB_TASK_PATH}${encodeURIComponent(taskId)}`;
}

/**
 * Read and write limits count per signed-in user (the docs do not say per what); `api-key`: per
 * company API key, shared by everyone signed in with it.
 */
export const RATE_LIMIT_SCOPE: 'user' | 'api-key' = 'user';

// ── [C] confirmed numbers both sides use ─────────────────────────────────────────────────────

/** JWTs last one hour and cannot be refreshed: sign in again with the stored credentials. */
export const JWT_LIFETIME_MS = 3_600_000;
/** At most 5 logins per 30 s per account… */
export const LOGIN_LIMIT = 5;
export const LOGIN_WINDOW_MS = 30_000;
/** …and 5 failed logins within 30 s block the account for 60 s (429). */
export const LOGIN_FAILURES_BEFORE_BLOCK = 5;
export const LOGIN_BLOCK_MS = 60_000;
/** Reads are cached server-side for 15 s: a change can take that long to show in a list. */
export const READ_CACHE_MS = 15_000;
export const READS_PER_MINUTE = 30;
export const WRITES_PER_MINUTE = 10;
export const PAGE_SIZE_MAX = 100;
export const PAGE_SIZE_DEFAULT = 25;
export const RESULT_CODE_MAX = 80;
export const COMPLETE_COMMENT_MAX = 2000;
export const REASSIGN_ID_MAX = 30;
export const REASSIGN_COMMENT_MAX = 500;
export const DEFINITION_ID_MAX = 30;
export const TASK_STATUSES = ['PENDING', 'IN_PROGRESS', 'COMPLETED'] as const;
export const REQUEST_ID_HEADER = 'X-Request-Id';
