// The one IPC contract between the windows and the engine: every call and every event, defined
// once. Main validates each payload against these schemas; the preload exposes exactly this; the
// browser test host serves the same calls over a local transport.
import { z } from 'zod';
import { AccountSchema, SECRET_NAMES } from './account';
import { AlertSchema, HeldCountsSchema } from './alert';
import { AdapterCapabilitiesSchema } from './capabilities';
import { VendorErrorInfoSchema } from './errors';
import { AccountHealthSchema } from './health';
import { OutboxItemSchema, OutboxOpSchema } from './outbox';
import { SettingsPatchSchema, SettingsSchema, SHORTCUT_STATUSES } from './settings';
import type { TaskRow, WireTaskRow, WireTaskRowChanges } from './task-row';
import {
  AssigneeSchema,
  CompletionKindSchema,
  CompletionRequestSchema,
  MAX_COMMENT_LENGTH,
  ReassignTargetSchema,
  TaskCommentSchema,
  TaskSchema,
  VendorIdSchema,
} from './task';

const TaskIdSchema = z.string().min(1).max(300);
const AccountIdSchema = z.string().min(1).max(63);

/** Secrets travel one way only: with an account being saved. Never back. */
export const SecretsInputSchema = z.partialRecord(
  z.enum(SECRET_NAMES),
  z.string().min(1).max(8_192),
);

/** An account as the windows see it: settings, which secrets are stored (not their values). */
export const AccountViewSchema = z.object({
  account: AccountSchema,
  storedSecrets: z.array(z.enum(SECRET_NAMES)),
});
export type AccountView = z.infer<typeof AccountViewSchema>;

export const AccountTestResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), userName: z.string().nullable(), openTasks: z.number().int() }),
  z.object({ ok: z.literal(false), error: VendorErrorInfoSchema }),
]);
export type AccountTestResult = z.infer<typeof AccountTestResultSchema>;

/** A task as the inbox lists it (shared/task-row.ts); `tasks:load` gives the whole task. */
export const TaskRowSchema = TaskSchema.pick({
  id: true,
  accountId: true,
  vendor: true,
  vendorTaskId: true,
  title: true,
  workflowName: true,
  stepName: true,
  description: true,
  status: true,
  priority: true,
  createdAt: true,
  dueAt: true,
  overdue: true,
  escalated: true,
  assignee: true,
  group: true,
  entity: true,
}).extend({
  completionKind: CompletionKindSchema,
  hasWebUrl: z.boolean(),
  snoozedUntil: z.number().int().nullable(),
});
// Compile-time check: the schema and the zod-free type the windows use agree both ways.
const _rowTypesAgree: [TaskRow, z.infer<typeof TaskRowSchema>] = [
  null as unknown as z.infer<typeof TaskRowSchema>,
  null as unknown as TaskRow,
];
void _rowTypesAgree;

const ROW = TaskRowSchema.shape;
/**
 * A row as it travels: its values in TASK_ROW_WIRE's order (shared/task-row.ts), each checked by
 * the row's own schema for that field (test/main/ipc.test.ts holds the two orders together).
 */
export const WireTaskRowSchema = z.tuple([
  ROW.id,
  ROW.accountId,
  ROW.vendor,
  ROW.vendorTaskId,
  ROW.title,
  ROW.workflowName,
  ROW.stepName,
  ROW.description,
  ROW.status,
  ROW.priority,
  ROW.createdAt,
  ROW.dueAt,
  ROW.overdue,
  ROW.escalated,
  ROW.assignee,
  ROW.group,
  ROW.entity,
  ROW.completionKind,
  ROW.hasWebUrl,
  ROW.snoozedUntil,
]);
const _wireTypesAgree: [WireTaskRow, z.infer<typeof WireTaskRowSchema>] = [
  null as unknown as z.infer<typeof WireTaskRowSchema>,
  null as unknown as WireTaskRow,
];
void _wireTypesAgree;

/** Settings or state the disk refused to save (shared/save-failures.ts says what, in words). */
export const SaveFailureViewSchema = z.object({
  /** `settings`, or the engine's state key (`seen`, `snapshot/<account>`, `outbox/<id>`, …). */
  key: z.string().max(300),
  /** Why, as the system said it (`ENOSPC: no space left on device…`). */
  reason: z.string().max(2_000),
  /** The folder to check; null where the host keeps it in memory. */
  folder: z.string().max(4_096).nullable(),
  /** When it last failed (epoch ms). */
  at: z.number().int(),
});
export type SaveFailureView = z.infer<typeof SaveFailureViewSchema>;

/** Everything a window needs to draw itself, sent once on load; events keep it current. */
export const AppStateSchema = z.object({
  /** Every open task as a list row; `state:tasks` sends the changes from `tasksVersion` on. */
  tasks: z.array(WireTaskRowSchema),
  tasksVersion: z.number().int().nonnegative(),
  health: z.array(AccountHealthSchema),
  outbox: z.array(OutboxItemSchema),
  held: HeldCountsSchema,
  paused: z.boolean(),
  settings: SettingsSchema.omit({ accounts: true }),
  accounts: z.array(AccountViewSchema),
  capabilities: z.record(VendorIdSchema, AdapterCapabilitiesSchema),
  /**
   * Each watched account's own, where its sign-in takes some away (a UiPath app signed in with
   * client credentials cannot claim or comment); absent: the vendor's.
   */
  accountCapabilities: z.record(z.string(), AdapterCapabilitiesSchema).optional(),
  /** Every watched account's display name, the demo's included. */
  accountNames: z.record(z.string(), z.string()),
  /**
   * The user's own id at the vendor, for the watched accounts whose settings name it (workflowsvc,
   * Maxsight: vendors that give ids, not names): the detail says "You" for it.
   */
  accountUsers: z.record(z.string(), z.string()).optional(),
  /** Set when there is no account of the user's own: the demo account is showing. */
  demo: z.boolean(),
  /** The global shortcut as the OS took it (Settings says when another app holds it). */
  shortcut: z.enum(SHORTCUT_STATUSES),
  /** What could not be saved, one per key, until the user dismisses it (`saves:dismiss`). */
  saveFailures: z.array(SaveFailureViewSchema),
});
export type AppState = z.infer<typeof AppStateSchema>;

const none = z.null();

/** Calls from a window to main: channel → request and response. */
export const IPC_CALLS = {
  'app:state': { request: none, response: AppStateSchema },
  /** The task read again from its vendor, detail and all. */
  'tasks:load': { request: z.object({ taskId: TaskIdSchema }), response: TaskSchema },
  /** The task as last read (no vendor call), to show at once while tasks:load runs; null: gone. */
  'tasks:get': { request: z.object({ taskId: TaskIdSchema }), response: TaskSchema.nullable() },
  'tasks:complete': {
    request: z.object({
      taskId: TaskIdSchema,
      completion: CompletionRequestSchema,
      /** Claim the task first where completing it takes that (shared/assignment.ts). */
      claim: z.boolean().optional(),
    }),
    response: OutboxItemSchema,
  },
  'tasks:reassign': {
    request: z.object({ taskId: TaskIdSchema, target: ReassignTargetSchema }),
    response: OutboxItemSchema,
  },
  /** Take an unassigned task (capability `claim`); answers the task as it now is. */
  'tasks:claim': { request: z.object({ taskId: TaskIdSchema }), response: TaskSchema },
  /** Give a claimed task back; null when the vendor no longer lists it for the user. */
  'tasks:release': {
    request: z.object({ taskId: TaskIdSchema }),
    response: TaskSchema.nullable(),
  },
  /** Who the task may be reassigned to (capability `assigneePicker`). */
  'tasks:assignees': {
    request: z.object({ taskId: TaskIdSchema }),
    response: z.array(AssigneeSchema),
  },
  /** The task's comments (capability `comments`). */
  'tasks:comments': {
    request: z.object({ taskId: TaskIdSchema }),
    response: z.array(TaskCommentSchema),
  },
  'tasks:add-comment': {
    request: z.object({
      taskId: TaskIdSchema,
      text: z.string().trim().min(1).max(MAX_COMMENT_LENGTH),
    }),
    response: TaskCommentSchema,
  },
  'tasks:snooze': {
    request: z.object({ taskId: TaskIdSchema, until: z.number().int().positive() }),
    response: none,
  },
  'tasks:open-in-vendor': { request: z.object({ taskId: TaskIdSchema }), response: none },
  'outbox:retry': {
    request: z.object({
      itemId: z.string().min(1),
      op: OutboxOpSchema.optional(),
      /** As for tasks:complete: claim the task first where a completion takes that. */
      claim: z.boolean().optional(),
    }),
    response: OutboxItemSchema,
  },
  'outbox:discard': { request: z.object({ itemId: z.string().min(1) }), response: none },
  'accounts:save': {
    request: z.object({
      account: AccountSchema,
      secrets: SecretsInputSchema,
      /**
       * When the account's origins change, stored secrets are kept only if the user confirmed
       * these exact origins (`secretOrigins(account)`) may receive them; otherwise the save is
       * refused with vendorCode "secrets_for_other_origin" and a `secrets.<name>` field error
       * for each secret to enter again.
       */
      confirmSecretOrigins: z.array(z.string().max(300)).max(4).optional(),
    }),
    response: AccountViewSchema,
  },
  'accounts:remove': { request: z.object({ accountId: AccountIdSchema }), response: none },
  'accounts:test': {
    request: z.object({
      account: AccountSchema,
      secrets: SecretsInputSchema,
      /** As for accounts:save: the origins the user confirmed may receive the stored secrets. */
      confirmSecretOrigins: z.array(z.string().max(300)).max(4).optional(),
    }),
    response: AccountTestResultSchema,
  },
  'accounts:sign-in': {
    request: z.object({ accountId: AccountIdSchema }),
    response: AccountViewSchema,
  },
  'engine:refresh': {
    request: z.object({ accountId: AccountIdSchema.nullable() }),
    response: none,
  },
  'notifications:pause': {
    request: z.object({ until: z.number().int().positive().nullable() }),
    response: none,
  },
  'settings:update': {
    request: SettingsPatchSchema,
    response: SettingsSchema.omit({ accounts: true }),
  },
  /** The user has read these save failures: they leave the windows (see `saveFailures`). */
  'saves:dismiss': {
    request: z.object({ keys: z.array(z.string().min(1).max(300)).min(1).max(200) }),
    response: none,
  },
  'window:open-inbox': { request: z.object({ taskId: TaskIdSchema.nullable() }), response: none },
  'window:close': { request: none, response: none },
} as const;

/** Events from main to the windows: channel → payload. */
export const IPC_EVENTS = {
  /**
   * The task list's changes, sent when a row changed (not when only a task's detail did): rows
   * added or changed and ids gone, applying to version − 1 only (a window that missed one loads
   * app:state again).
   */
  'state:tasks': z.object({
    version: z.number().int().positive(),
    upsert: z.array(WireTaskRowSchema),
    remove: z.array(TaskIdSchema),
  }),
  'state:health': z.array(AccountHealthSchema),
  'state:outbox': z.array(OutboxItemSchema),
  'state:held': z.object({ held: HeldCountsSchema, paused: z.boolean() }),
  'state:settings': z.object({
    settings: SettingsSchema.omit({ accounts: true }),
    accounts: z.array(AccountViewSchema),
    accountCapabilities: z.record(z.string(), AdapterCapabilitiesSchema).optional(),
    shortcut: z.enum(SHORTCUT_STATUSES),
  }),
  /** What could not be saved, as it now stands (AppState's `saveFailures`). */
  'state:save-failures': z.array(SaveFailureViewSchema),
  /** The quick-complete popup should show this task. */
  'popup:task': z.object({ taskId: TaskIdSchema }),
  alert: AlertSchema,
} as const;

type Contract = Record<string, { request: z.ZodType; response: z.ZodType }>;
// Compile-time check: every call has both a request and a response schema.
const _everyCallHasBoth: Contract = IPC_CALLS;
void _everyCallHasBoth;

export type IpcChannel = keyof typeof IPC_CALLS;
/** What a window sends. */
export type IpcRequest<C extends IpcChannel> = z.input<(typeof IPC_CALLS)[C]['request']>;
/** What main's handler receives, once validated. */
export type IpcValidRequest<C extends IpcChannel> = z.infer<(typeof IPC_CALLS)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.infer<(typeof IPC_CALLS)[C]['response']>;
export type IpcEventChannel = keyof typeof IPC_EVENTS;
export type IpcEventPayload<E extends IpcEventChannel> = z.infer<(typeof IPC_EVENTS)[E]>;
const _changesAgree: [WireTaskRowChanges, IpcEventPayload<'state:tasks'>] = [
  null as unknown as IpcEventPayload<'state:tasks'>,
  null as unknown as WireTaskRowChanges,
];
void _changesAgree;

/** What every call answers on the wire: its value, or an error the window can explain. */
export type IpcResult<T> =
  { ok: true; value: T } | { ok: false; error: z.infer<typeof VendorErrorInfoSchema> };

/** The API a window gets (through the preload in the app, over HTTP in the browser test host). */
export interface TasktrayApi {
  call<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>>;
  on<E extends IpcEventChannel>(
    event: E,
    listener: (payload: IpcEventPayload<E>) => void,
  ): () => void;
}

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && Object.hasOwn(IPC_CALLS, value);
}
