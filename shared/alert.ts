// Alerts the engine raises: what the tray app shows as notifications and the CLI prints as JSON.
import { z } from 'zod';
import { InstantSchema } from './task';

export const ALERT_KINDS = ['new', 'overdue', 'escalated'] as const;
export const AlertKindSchema = z.enum(ALERT_KINDS);
export type AlertKind = z.infer<typeof AlertKindSchema>;

export const AlertSchema = z.object({
  /** Unique per alert; a notification click names it. */
  id: z.string(),
  /** `summary`: several alerts folded into one; `reminder`: a snoozed task coming back. */
  kind: z.enum([...ALERT_KINDS, 'summary', 'reminder']),
  accountId: z.string().nullable(),
  /** The tasks it is about; one for a single-task alert. */
  taskIds: z.array(z.string()),
  title: z.string(),
  body: z.string(),
  at: InstantSchema,
  urgency: z.enum(['low', 'normal', 'critical']),
});
export type Alert = z.infer<typeof AlertSchema>;

export const QuietHoursSchema = z.object({
  /** Minutes after local midnight; a window may span midnight (22:00 → 07:00). */
  startMinute: z.number().int().min(0).max(1439),
  endMinute: z.number().int().min(0).max(1439),
});
export type QuietHours = z.infer<typeof QuietHoursSchema>;

export const AlertPreferencesSchema = z.object({
  kinds: z.object({ new: z.boolean(), overdue: z.boolean(), escalated: z.boolean() }),
  quietHours: QuietHoursSchema.nullable(),
  /** Pause all notifications until this instant (tray menu: 1 h / until tomorrow). */
  pausedUntil: z.number().nullable(),
  mutedAccounts: z.array(z.string()),
  /** More single alerts than this in one cycle become one summary. */
  maxAlertsPerCycle: z.number().int().min(1),
});
export type AlertPreferences = z.infer<typeof AlertPreferencesSchema>;

export const DEFAULT_ALERT_PREFERENCES: AlertPreferences = {
  kinds: { new: true, overdue: true, escalated: true },
  quietHours: null,
  pausedUntil: null,
  mutedAccounts: [],
  maxAlertsPerCycle: 3,
};

export const HeldCountsSchema = z.object({
  quiet: z.number().int(),
  paused: z.number().int(),
  muted: z.number().int(),
  snoozed: z.number().int(),
});
export type HeldCounts = z.infer<typeof HeldCountsSchema>;
