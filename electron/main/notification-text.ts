// An engine alert as a native notification: its words come from the engine (which task, what
// happened, when it is due); this decides urgency, persistence, actions and what a click opens.
import type { Alert } from '../../shared/alert';
import type { Language } from '../../shared/appearance';
import { translator } from '../../shared/i18n/translate';

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

/** The buttons by position: labels follow the language, a press is known by its index. */
export const COMPLETE_ACTION = 0;
export const SNOOZE_ACTION = 1;
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

export function notificationSpec(
  alert: Alert,
  platform: NodeJS.Platform,
  language: Language = 'en',
): NotificationSpec {
  const t = translator(language);
  const single = alert.kind !== 'summary' && alert.taskIds.length === 1;
  const taskId = single ? (alert.taskIds[0] ?? null) : null;
  return {
    title: alert.title,
    // Linux notification servers read the body as markup: a vendor's "R&D <draft>" would vanish.
    body: platform === 'linux' ? escapeMarkup(alert.body) : alert.body,
    urgency: alert.urgency,
    timeoutType: alert.urgency === 'critical' ? 'never' : 'default',
    // Electron shows notification actions on macOS and (as toast buttons) on Windows.
    actions:
      taskId !== null && HAS_ACTIONS.has(platform)
        ? [t('notification.complete'), t('notification.snooze')]
        : [],
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
  if (actionIndex === SNOOZE_ACTION && spec.actions.length > SNOOZE_ACTION) {
    return { kind: 'snooze', taskId: spec.taskId };
  }
  return { kind: 'popup', taskId: spec.taskId };
}
