// The demo's task templates (demo-tasks.json), read through a schema: a mistake in the file is
// an error naming where it is when the demo starts, never a half-made task in the simulator.
import { z } from 'zod';
import { VENDORS } from '../../shared/vendors';
import type { SimJson } from './world';

const SimJsonSchema: z.ZodType<SimJson> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(SimJsonSchema),
    z.record(z.string(), SimJsonSchema),
  ]),
);

const TemplateSchema = z.strictObject({
  title: z.string().min(1),
  workflowName: z.string().min(1),
  stepName: z.string().min(1),
  description: z.string().nullable().optional(),
  priority: z.enum(['low', 'normal', 'high', 'critical']).optional(),
  /** Minutes from when it arrives; null: no due time. */
  dueInMinutes: z.number().nullable(),
  createdMinutesAgo: z.number().nonnegative().optional(),
  entity: z.strictObject({ type: z.string(), id: z.string(), label: z.string() }).optional(),
  results: z.array(z.strictObject({ code: z.string().min(1), label: z.string().min(1) })),
  /** Without a value: the user fills them in. */
  fields: z.array(
    z.strictObject({
      name: z.string().min(1),
      label: z.string().min(1),
      type: z.enum(['text', 'number', 'date', 'boolean', 'select', 'file']),
      required: z.boolean(),
      options: z.array(z.string()),
    }),
  ),
  previousSteps: z
    .array(
      z.strictObject({
        stepName: z.string(),
        completedBy: z.string(),
        completedMinutesAgo: z.number().nonnegative(),
        result: z.string(),
        data: z.record(z.string(), SimJsonSchema),
      }),
    )
    .optional(),
  extra: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});
export type DemoTemplate = z.infer<typeof TemplateSchema>;

const TemplatesSchema = z.strictObject(
  Object.fromEntries(VENDORS.map((vendor) => [vendor, z.array(TemplateSchema).min(1)])) as Record<
    (typeof VENDORS)[number],
    z.ZodArray<typeof TemplateSchema>
  >,
);
export type DemoTemplates = z.infer<typeof TemplatesSchema>;

export function parseDemoTemplates(json: unknown): DemoTemplates {
  const parsed = TemplatesSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new Error(
    `demo-tasks.json is not a valid set of demo tasks: ${z.prettifyError(parsed.error)}`,
  );
}
