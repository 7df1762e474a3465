// What the tray shows, derived from the engine's state: one count, one look, one tooltip.
import type { Language } from '../../shared/appearance';
import type { AccountHealth, HealthState } from '../../shared/health';
import { formatClock, translator } from '../../shared/i18n/translate';
import { overdueCount, type OpenTasks } from '../host/protocol';

/** Most important first: a failing account hides tasks, overdue work needs doing, paused is chosen. */
export type TrayLook = 'failing' | 'overdue' | 'paused' | 'normal';

export interface TrayStatus {
  count: number;
  overdue: number;
  failingAccounts: number;
  /** Notifications paused until this instant (the user's choice), or null. */
  pausedUntil: number | null;
  look: TrayLook;
}

const FAILING: ReadonlySet<HealthState> = new Set(['auth_failed', 'degraded', 'offline']);

export function trayStatus(input: {
  open: OpenTasks;
  health: readonly AccountHealth[];
  pausedUntil: number | null;
  now: number;
}): TrayStatus {
  const overdue = overdueCount(input.open, input.now);
  const failingAccounts = input.health.filter((h) => FAILING.has(h.state)).length;
  const pausedUntil =
    input.pausedUntil !== null && input.pausedUntil > input.now ? input.pausedUntil : null;
  const look: TrayLook =
    failingAccounts > 0
      ? 'failing'
      : overdue > 0
        ? 'overdue'
        : pausedUntil !== null
          ? 'paused'
          : 'normal';
  return { count: input.open.count, overdue, failingAccounts, pausedUntil, look };
}

/** "Tasktray — 5 open tasks, 2 overdue · 1 account failing · notifications paused until 14:00" */
export function trayTooltip(status: TrayStatus, now: number, language: Language = 'en'): string {
  const t = translator(language);
  const parts = [
    t('tray.tooltipOpen', { count: status.count }) +
      (status.overdue > 0 ? `, ${t('tray.tooltipOverdue', { count: status.overdue })}` : ''),
  ];
  if (status.failingAccounts > 0) {
    parts.push(t('tray.tooltipFailing', { count: status.failingAccounts }));
  }
  if (status.pausedUntil !== null) {
    parts.push(t('tray.tooltipPaused', { time: formatClock(status.pausedUntil, now, language) }));
  }
  return t('tray.tooltip', { parts: parts.join(' · ') });
}
