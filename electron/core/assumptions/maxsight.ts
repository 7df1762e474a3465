// Maxsight /v5: every fact the vendor's documentation does not confirm (marked [I], inferred; each
// comment says what was assumed), in one place. The adapter and the simulator both import these, so correcting one here changes
// what Tasktray sends and what the simulator expects.

/** Region base URLs. [I] The hosts are documented for API 4.0; v5 on the same hosts is inferred. */
export const MAXSIGHT_REGION_BASE_URLS = {
  us: 'https://api.us.maxsight.com/v5',
  eu: 'https://api.eu.maxsight.com/v5',
  ae: 'https://api.ae.maxsight.com/v5',
} as const;
export type MaxsightRegion = keyof typeof MAXSIGHT_REGION_BASE_URLS;

/** [I] "My tasks" = tasks whose assignment points at the user: the search filters on this column. */
export const MAXSIGHT_MY_TASKS_COLUMN = 'assigned_to_id';

/** [I] The status column used to ask for open tasks only. */
export const MAXSIGHT_STATUS_COLUMN = 'status';

/** [I] The one open status: the docs show only INCOMPLETE, the status a task waits in. */
export const MAXSIGHT_OPEN_STATUS = 'INCOMPLETE';

/** [I] Finished tasks: v5 documents none, v4 had COMPLETED_PASS / COMPLETED_FAIL. */
export const MAXSIGHT_COMPLETED_STATUSES = ['COMPLETED_PASS', 'COMPLETED_FAIL'] as const;

/** [I] Any status starting so counts as completed, in case v5 adds more outcomes than v4 had. */
export const MAXSIGHT_COMPLETED_PREFIX = 'COMPLETED';

/**
 * [I] The docs show `max_page_size` 50 without saying whether it is a default or a ceiling:
 * Tasktray asks for 50 and the simulator refuses more.
 */
export const MAXSIGHT_MAX_PAGE_SIZE = 50;

/** [I] Search items are the same full task objects `GET /tasks/{id}` returns (no summary shape). */
export const MAXSIGHT_SEARCH_RETURNS_FULL_TASKS = true;

/** [I] A stale `If-Match` on update-assignment ("version mismatch") is answered 412. */
export const MAXSIGHT_VERSION_MISMATCH_STATUS = 412;

/** [I] The If-Match value is the task's `updated_at` echoed exactly as Maxsight sent it. */
export const MAXSIGHT_IF_MATCH_HEADER = 'If-Match';

/** [I] Invalid request bodies are answered 400 (the error reference is not public). */
export const MAXSIGHT_VALIDATION_STATUS = 400;

/**
 * [I] Error bodies are undocumented. Assumed FastAPI-like: `{"detail": "Task not found"}`, or for
 * validation `{"detail": [{"loc": ["body", "sorting_field"], "msg": "…", "type": "…"}]}`. The
 * adapter also reads `message` / `error` in case the real body uses those.
 */
export const MAXSIGHT_ERROR_DETAIL_KEY = 'detail';
export const MAXSIGHT_ERROR_MESSAGE_KEYS = ['detail', 'message', 'error', 'title'] as const;

/** [I] The 404 wording the docs quote ("404 Task not found"), used as the body's detail. */
export const MAXSIGHT_TASK_NOT_FOUND = 'Task not found';

/** [I] The header carrying a request id, shown in error details (undocumented; common name). */
export const MAXSIGHT_REQUEST_ID_HEADER = 'x-request-id';

/**
 * [I] Where a task opens in Maxsight's own screens, below the account's `webUrl`. No public page
 * documents the web app's routes.
 */
export const MAXSIGHT_WEB_TASK_PATH = (taskId: string): string =>
  `/tasks/${encodeURIComponent(taskId)}`;
