// Each account's health, as the tray menu and the windows show it.
import { z } from 'zod';
import { VendorErrorInfoSchema } from './errors';

export const HEALTH_STATES = [
  'starting',
  'ok',
  'degraded',
  'auth_failed',
  'offline',
  'rate_limited',
  'paused',
] as const;
export const HealthStateSchema = z.enum(HEALTH_STATES);
export type HealthState = z.infer<typeof HealthStateSchema>;

export const AccountHealthSchema = z.object({
  accountId: z.string(),
  state: HealthStateSchema,
  /** The last failure, in words a user understands; null once a poll succeeds. */
  lastError: VendorErrorInfoSchema.nullable(),
  lastSuccessAt: z.number().nullable(),
  nextPollAt: z.number().nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
});
export type AccountHealth = z.infer<typeof AccountHealthSchema>;
