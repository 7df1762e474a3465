// The vendor-neutral task model shared by the engine, the IPC contract and the windows.
import { z } from 'zod';
import { VENDORS } from './vendors';

// The zod-free parts live in their own modules, so the windows load them without zod.
export { VENDOR_LABELS, VENDORS, type VendorId } from './vendors';
export { instantToMs, isOverdueAt } from './task-time';

export const VendorIdSchema = z.enum(VENDORS);

/**
 * An instant as an ISO 8601 UTC string ending in `Z`. Vendor precision is kept in the string
 * (workflowsvc sends nanoseconds); `instantToMs` gives milliseconds for sorting and arithmetic.
 */
export const InstantSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/, 'an ISO 8601 UTC instant');
export type Instant = z.infer<typeof InstantSchema>;

export const TaskStatusSchema = z.enum(['open', 'in_progress', 'completed', 'other']);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

export const TaskPrioritySchema = z.enum(['low', 'normal', 'high', 'critical']);
export type TaskPriority = z.infer<typeof TaskPrioritySchema>;

export const PartySchema = z.object({ id: z.string(), name: z.string() });
export type Party = z.infer<typeof PartySchema>;

export const EntitySchema = z.object({
  type: z.string(),
  id: z.string(),
  label: z.string(),
});
export type Entity = z.infer<typeof EntitySchema>;

export const FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'select', 'file'] as const;
export const FieldTypeSchema = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof FieldTypeSchema>;

/** JSON values, for vendor payloads we keep but do not interpret. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValueSchema),
    z.record(z.string(), JsonValueSchema),
  ]),
);

export const FieldOptionSchema = z.object({ value: z.string(), label: z.string() });
export type FieldOption = z.infer<typeof FieldOptionSchema>;

export const TaskFieldSchema = z.object({
  /** The key the vendor expects in the submitted data. */
  name: z.string(),
  label: z.string(),
  type: FieldTypeSchema,
  required: z.boolean(),
  value: JsonValueSchema,
  options: z.array(FieldOptionSchema),
  description: z.string().nullable(),
});
export type TaskField = z.infer<typeof TaskFieldSchema>;

export const TaskResultSchema = z.object({ code: z.string(), label: z.string() });
export type TaskResult = z.infer<typeof TaskResultSchema>;

export const PreviousStepSchema = z.object({
  stepName: z.string(),
  completedBy: z.string().nullable(),
  completedAt: InstantSchema.nullable(),
  result: z.string().nullable(),
  data: z.record(z.string(), JsonValueSchema),
});
export type PreviousStep = z.infer<typeof PreviousStepSchema>;

export const TaskLogSchema = z.object({
  at: InstantSchema.nullable(),
  level: z.string(),
  message: z.string(),
});
export type TaskLog = z.infer<typeof TaskLogSchema>;

export const CompletionKindSchema = z.enum(['results', 'form', 'none']);

/** What completing the task takes, as far as the vendor tells us. */
export const TaskCompletionSchema = z.object({
  /** `none`: the vendor offers no completion call; the task is worked in the vendor's site. */
  kind: CompletionKindSchema,
  results: z.array(TaskResultSchema),
  fields: z.array(TaskFieldSchema),
  /** Why completion is unavailable, in words for the user, when kind is `none`. */
  unavailableReason: z.string().nullable(),
});
export type TaskCompletion = z.infer<typeof TaskCompletionSchema>;

export const TaskSchema = z.object({
  /** Stable across polls and restarts: `${accountId}:${vendorTaskId}`. */
  id: z.string(),
  accountId: z.string(),
  vendor: VendorIdSchema,
  /** The vendor's own id, always a string (GeoTareas ids exceed 2^53). */
  vendorTaskId: z.string(),
  /** Vendor-specific addressing the adapter needs to reach the task again (folder, version…). */
  locator: z.record(z.string(), z.string()),
  title: z.string(),
  workflowName: z.string().nullable(),
  stepName: z.string().nullable(),
  description: z.string().nullable(),
  status: TaskStatusSchema,
  rawStatus: z.string(),
  priority: TaskPrioritySchema.nullable(),
  createdAt: InstantSchema.nullable(),
  updatedAt: InstantSchema.nullable(),
  dueAt: InstantSchema.nullable(),
  overdue: z.boolean(),
  escalated: z.boolean(),
  assignee: PartySchema.nullable(),
  group: PartySchema.nullable(),
  entity: EntitySchema.nullable(),
  /** Where to open the task in the vendor's own site, when there is such a page. */
  webUrl: z.string().nullable(),
  completion: TaskCompletionSchema,
  previousSteps: z.array(PreviousStepSchema),
  logs: z.array(TaskLogSchema),
  /** True once the detail call filled results, fields and earlier steps. */
  detailLoaded: z.boolean(),
  /** The vendor's record as received, for the detail view. */
  raw: JsonValueSchema,
});
export type Task = z.infer<typeof TaskSchema>;

export function taskId(accountId: string, vendorTaskId: string): string {
  return `${accountId}:${vendorTaskId}`;
}

/** What the user submits to complete a task. */
export const CompletionRequestSchema = z.object({
  resultCode: z.string().nullable(),
  data: z.record(z.string(), JsonValueSchema),
  comment: z.string().nullable(),
});
export type CompletionRequest = z.infer<typeof CompletionRequestSchema>;

/**
 * How a task given to a group is shared out: to every member, to the least busy one, or in
 * turn. Only vendors that ask (UiPath) use it; capabilities list the ones each accepts.
 */
export const GroupDistributionSchema = z.enum(['all', 'workload', 'round-robin']);
export type GroupDistribution = z.infer<typeof GroupDistributionSchema>;

export const ReassignTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), id: z.string().min(1), comment: z.string().nullable() }),
  z.object({
    kind: z.literal('group'),
    id: z.string().min(1),
    comment: z.string().nullable(),
    distribution: GroupDistributionSchema.optional(),
  }),
]);
export type ReassignTarget = z.infer<typeof ReassignTargetSchema>;

/** Someone a task may be reassigned to, as the vendor lists them (a reassign picker's rows). */
export const AssigneeSchema = z.object({
  kind: z.enum(['user', 'group']),
  id: z.string().min(1),
  name: z.string(),
  /** A second line: e-mail or user name, when the vendor gives one. */
  detail: z.string().nullable(),
});
export type Assignee = z.infer<typeof AssigneeSchema>;

/** A comment on a task, as the vendor keeps it. */
export const TaskCommentSchema = z.object({
  id: z.string(),
  at: InstantSchema.nullable(),
  author: z.string().nullable(),
  text: z.string(),
});
export type TaskComment = z.infer<typeof TaskCommentSchema>;

// Zod-free, so the windows check a comment's length with the same number.
export { MAX_COMMENT_LENGTH } from './comment-limits';
