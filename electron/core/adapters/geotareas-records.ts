// GeoTareas records: the zod schemas for what the API sends, and pure functions turning them
// into vendor-neutral Tasks. Lenient where the vendor may vary (unknown statuses and field types,
// missing optional parts), strict where it matters (ids are strings, never numbers).
import { z } from 'zod';
import {
  FIELD_TYPES,
  instantToMs,
  JsonValueSchema,
  taskId,
  type FieldType,
  type Instant,
  type Party,
  type PreviousStep,
  type Task,
  type TaskField,
  type TaskStatus,
} from '../../../shared/task';
import { taskWebUrl } from '../assumptions/geotareas';
import { parseLocalOrInstant } from '../time';
import { ownValue, plainJson } from '../own-key';

/** BigInt ids arrive as strings; a number here would already have lost digits. */
const IdSchema = z.string().min(1);

const PartySchema = z.looseObject({ id: IdSchema, name: z.string().nullish() });

const EntitySchema = z.looseObject({
  type: z.string().nullish(),
  id: IdSchema,
  label: z.string().nullish(),
});

export const GeoTaskSchema = z.looseObject({
  id: IdSchema,
  instance_id: IdSchema.nullish(),
  workflow_name: z.string().nullish(),
  step_name: z.string().nullish(),
  status: z.string(),
  assigned_to_user: PartySchema.nullish(),
  assigned_to_group: PartySchema.nullish(),
  entity: EntitySchema.nullish(),
  due_date: z.string().nullish(),
  escalated: z.boolean().nullish(),
  created_at: z.string().nullish(),
});
export type GeoTask = z.infer<typeof GeoTaskSchema>;

// Optional extras are read leniently in the normaliser (schema `unknown`), so `raw` stays as sent.
const OptionsSchema = z.array(
  z.union([
    z.string(),
    z.number(),
    z.looseObject({ value: z.union([z.string(), z.number()]), label: z.string().nullish() }),
  ]),
);
const LabelSchema = z.string();
const CapturedDataSchema = z.record(z.string(), JsonValueSchema);

const FieldSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string().min(1),
  type: z.string().nullish(),
  required: z.boolean().nullish(),
  value: JsonValueSchema.nullish(),
  // [I] optional extras (assumptions/geotareas.ts); a surprising shape is ignored, not fatal.
  label: z.unknown().optional(),
  options: z.unknown().optional(),
});

const PreviousStepSchema = z.looseObject({
  step_name: z.string().nullish(),
  completed_by: z.unknown().optional(),
  completed_at: z.string().nullish(),
  result: z.string().nullish(),
  captured_data: z.unknown().optional(),
});

export const GeoTaskDetailSchema = GeoTaskSchema.extend({
  step_description: z.string().nullish(),
  available_results: z
    .array(z.looseObject({ code: z.string().min(1), label: z.string().nullish() }))
    .nullish(),
  fields: z.array(FieldSchema).nullish(),
  previous_steps_data: z.array(PreviousStepSchema).nullish(),
});
export type GeoTaskDetail = z.infer<typeof GeoTaskDetailSchema>;

export const ListResponseSchema = z.looseObject({
  data: z.array(GeoTaskSchema),
  meta: z.looseObject({
    total: z.number().int().nonnegative(),
    limit: z.number().int().positive(),
    offset: z.number().int().nonnegative(),
  }),
});

export const DetailResponseSchema = z.looseObject({ data: GeoTaskDetailSchema });

export const LoginResponseSchema = z.looseObject({
  data: z.looseObject({ authorization: z.string().min(1) }),
});

/**
 * Only what the adapter reads is checked (when it landed, what comes next); the rest of the reply
 * (task_id, status, result, instance_status) may vary without failing a completion that was made.
 */
export const CompleteResponseSchema = z.looseObject({
  data: z.looseObject({ completed_at: z.string().nullish(), next_step: z.string().nullish() }),
});

export const ReassignResponseSchema = z.looseObject({
  data: z.looseObject({ task_id: IdSchema.nullish() }).nullish(),
});

export interface NormalizeContext {
  accountId: string;
  /** The zone zone-less times are read in: account.timeZone ?? the machine's zone. */
  timeZone: string;
  now: number;
  /** account.webUrl, when set. */
  webUrl: string | null;
  /** The record came from an `overdue_only=true` query: the vendor says it is overdue. */
  vendorOverdue: boolean;
}

const STATUS_MAP: Record<string, TaskStatus> = {
  PENDING: 'open',
  IN_PROGRESS: 'in_progress',
  COMPLETED: 'completed',
};

export function mapStatus(raw: string): TaskStatus {
  return ownValue(STATUS_MAP, raw.trim().toUpperCase()) ?? 'other';
}

/** Overdue by the vendor's word or a passed due time; a completed task is never overdue. */
export function computeOverdue(
  status: TaskStatus,
  dueAt: Instant | null,
  now: number,
  vendorOverdue: boolean,
): boolean {
  if (status === 'completed') return false;
  return vendorOverdue || (dueAt !== null && instantToMs(dueAt) <= now);
}

export function readTime(value: string | null | undefined, timeZone: string): Instant | null {
  return parseLocalOrInstant(value ?? null, timeZone);
}

function party(value: GeoTask['assigned_to_user']): Party | null {
  return value ? { id: value.id, name: value.name ?? value.id } : null;
}

/** `email_address` → `Email address`, for fields that carry no label. */
export function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words === '' ? name : words.charAt(0).toUpperCase() + words.slice(1);
}

function fieldType(raw: string | null | undefined): FieldType {
  const type = (raw ?? '').trim().toLowerCase();
  return (FIELD_TYPES as readonly string[]).includes(type) ? (type as FieldType) : 'text';
}

type RawField = NonNullable<GeoTaskDetail['fields']>[number];

function fieldOptions(raw: unknown): TaskField['options'] {
  const parsed = OptionsSchema.safeParse(raw);
  if (!parsed.success) return [];
  return parsed.data.map((option) => {
    if (typeof option !== 'object') return { value: String(option), label: String(option) };
    const value = String(option.value);
    return { value, label: option.label ?? value };
  });
}

function toField(field: RawField): TaskField {
  const label = LabelSchema.safeParse(field.label);
  return {
    name: field.name,
    label: label.success && label.data !== '' ? label.data : humanize(field.name),
    type: fieldType(field.type),
    required: field.required ?? false,
    value: field.value ?? null,
    options: fieldOptions(field.options),
    description: null,
  };
}

type RawStep = NonNullable<GeoTaskDetail['previous_steps_data']>[number];

function toPreviousStep(step: RawStep, timeZone: string): PreviousStep {
  return {
    stepName: step.step_name ?? '',
    completedBy: typeof step.completed_by === 'string' ? step.completed_by : null,
    completedAt: readTime(step.completed_at, timeZone),
    result: step.result ?? null,
    data: CapturedDataSchema.safeParse(step.captured_data).data ?? {},
  };
}

function base(record: GeoTask, ctx: NormalizeContext): Task {
  const status = mapStatus(record.status);
  const dueAt = readTime(record.due_date, ctx.timeZone);
  const entity = record.entity
    ? {
        type: record.entity.type ?? '',
        id: record.entity.id,
        label: record.entity.label ?? record.entity.id,
      }
    : null;
  return {
    id: taskId(ctx.accountId, record.id),
    accountId: ctx.accountId,
    vendor: 'geotareas',
    vendorTaskId: record.id,
    locator: record.instance_id ? { instanceId: record.instance_id } : {},
    title: record.step_name || record.workflow_name || `Task ${record.id}`,
    workflowName: record.workflow_name ?? null,
    stepName: record.step_name ?? null,
    description: null,
    status,
    rawStatus: record.status,
    // GeoTareas has no priority.
    priority: null,
    createdAt: readTime(record.created_at, ctx.timeZone),
    updatedAt: null,
    dueAt,
    overdue: computeOverdue(status, dueAt, ctx.now, ctx.vendorOverdue),
    escalated: record.escalated === true,
    assignee: party(record.assigned_to_user),
    group: party(record.assigned_to_group),
    entity,
    webUrl: ctx.webUrl ? taskWebUrl(ctx.webUrl, record.id) : null,
    // The list does not say what completing takes; the detail call fills this in.
    completion: { kind: 'results', results: [], fields: [], unavailableReason: null },
    previousSteps: [],
    logs: [],
    detailLoaded: false,
    raw: plainJson(record),
  };
}

/** A list row as a Task summary (`detailLoaded` false). */
export function normalizeSummary(record: GeoTask, ctx: NormalizeContext): Task {
  return base(record, ctx);
}

export const NO_RESULTS_REASON =
  'GeoTareas offers no result for this step, so it cannot be completed from Tasktray; open it in GeoTareas.';

/** A detail record as a full Task. */
export function normalizeDetail(record: GeoTaskDetail, ctx: NormalizeContext): Task {
  const task = base(record, ctx);
  const results = (record.available_results ?? []).map((result) => ({
    code: result.code,
    label: result.label ?? result.code,
  }));
  // A completion needs a result_code from available_results: without one there is nothing to send.
  const completion: Task['completion'] =
    results.length > 0
      ? {
          kind: 'results',
          results,
          fields: (record.fields ?? []).map(toField),
          unavailableReason: null,
        }
      : { kind: 'none', results: [], fields: [], unavailableReason: NO_RESULTS_REASON };
  return {
    ...task,
    description: record.step_description ?? null,
    completion,
    previousSteps: (record.previous_steps_data ?? []).map((step) =>
      toPreviousStep(step, ctx.timeZone),
    ),
    detailLoaded: true,
  };
}
