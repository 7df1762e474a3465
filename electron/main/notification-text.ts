// An engine alert as a native notification: its words come from the engine (which task, what
// happened, when it is due); this decides urgency, persistence, actions and what a click opens.
import type { Alert } from '../../shared/alert';

export interface NotificationSpec {
  title: string;
  body: string;
  urgency: 'low' | 'normal' | 'critical';
  /** Critical alerts stay until dismissed. */
  timeoutType: 'default' | 'never';
  /** Button labels, where the platform shows them (macOS and Windows). */
  actions: string[];
  /** The task a click opens in the quick-complete popup; null opens the inbox. */
  taskId: string | null;
}

export const COMPLETE_ACTION = 'Complete…';
export const SNOOZE_ACTION = 'Snooze';
/** "Snooze" from a notification puts the task away for an hour. */
export const SNOOZE_MS = 3_600_000;

const HAS_ACTIONS: ReadonlySet<NodeJS.Platform> = new Set(['darwin', 'win32']);

/**
 * The body as Pango markup text (the Desktop Notifications spec's body markup). The title
 * (summary) is plain text by the spec, so it stays as it is.
 */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function notificationSpec(alert: Alert, platform: NodeJS.Platform): NotificationSpec {
  const single = alert.kind !== 'summary' && alert.taskIds.length === 1;
  const taskId = single ? (alert.taskIds[0] ?? null) : null;
  return {
    title: alert.title,
    // Linux notification servers read the body as markup: a vendor's "R&D <draft>" would vanish.
    body: platform === 'linux' ? escapeMarkup(alert.body) : alert.body,
    urgency: alert.urgency,
    timeoutType: alert.urgency === 'critical' ? 'never' : 'default',
    // Electron shows notification actions on macOS and (as toast buttons) on Windows.
    actions: taskId !== null && HAS_ACTIONS.has(platform) ? [COMPLETE_ACTION, SNOOZE_ACTION] : [],
    taskId,
  };
}

export type NotificationChoice =
  { kind: 'popup'; taskId: string } | { kind: 'inbox' } | { kind: 'snooze'; taskId: string };

/** What a click (actionIndex null) or a button press asks for. */
export function notificationChoice(
  spec: NotificationSpec,
  actionIndex: number | null,
): NotificationChoice {
  if (spec.taskId === null) return { kind: 'inbox' };
  if (actionIndex !== null && spec.actions[actionIndex] === SNOOZE_ACTION) {
    return { kind: 'snooze', taskId: spec.taskId };
  }
  return { kind: 'popup', taskId: spec.taskId };
}
