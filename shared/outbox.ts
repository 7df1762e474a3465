// Completions and reassignments waiting to reach the vendor, as the windows show them.
import { z } from 'zod';
import { VendorErrorInfoSchema } from './errors';
import { CompletionRequestSchema, ReassignTargetSchema } from './task';

export const OutboxOpSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('complete'), request: CompletionRequestSchema }),
  z.object({ type: z.literal('reassign'), target: ReassignTargetSchema }),
]);
export type OutboxOp = z.infer<typeof OutboxOpSchema>;

export const OutboxItemSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  taskId: z.string(),
  vendorTaskId: z.string(),
  locator: z.record(z.string(), z.string()),
  taskTitle: z.string(),
  op: OutboxOpSchema,
  createdAt: z.number(),
  /** Sends started; counted before sending, so a crash mid-send still counts. */
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.number(),
  /**
   * pending: will be sent at `nextAttemptAt`; sending: an attempt is under way (it may wait for
   * the vendor's request budget); failed: needs the user (the vendor refused it); done: it landed.
   */
  state: z.enum(['pending', 'sending', 'failed', 'done']),
  lastError: VendorErrorInfoSchema.nullable(),
  doneAt: z.number().nullable(),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;
