// What the Playwright suite reads from main (TASKTRAY_E2E=1 only): native UI has no DOM, so the
// shell records its alerts, outbox and tray here and lets the suite click what it cannot reach.
import type { IpcEventPayload } from '../../shared/ipc';
import type { Autostart } from './autostart';
import type { Notifier } from './notifier';
import type { TrayMenuActions } from './tray-menu';

export interface E2eProbe {
  alerts: IpcEventPayload<'alert'>[];
  outbox: IpcEventPayload<'state:outbox'>;
  /** The demo simulator's control API, as the engine host announces it (none while stopped). */
  simControlUrl?: string | undefined;
  simControlToken?: string | undefined;
  tray: { tooltip: string; look: string; text: string } | null;
  chooseNotification?: (alertId: string, actionIndex: number | null) => void;
  setStartAtLogin?: (enabled: boolean) => void;
  startAtLogin?: () => boolean;
  /**
   * Resolves once `check` holds, tested now and after every alert, outbox or tray change, so the
   * suite waits for the event itself rather than polling on a clock.
   */
  until: (check: (probe: E2eProbe) => boolean) => Promise<void>;
  changed: () => void;
}

export function fillE2eProbe(
  e2e: E2eProbe,
  deps: { notifier: Notifier; actions: TrayMenuActions; autostart: Autostart },
): void {
  e2e.chooseNotification = (alertId, actionIndex) => {
    const alert = e2e.alerts.find((a) => a.id === alertId);
    if (!alert) throw new Error(`No alert ${alertId}`);
    deps.notifier.choose(alert, actionIndex);
  };
  e2e.setStartAtLogin = (enabled) => deps.actions.setStartAtLogin(enabled);
  e2e.startAtLogin = () => deps.autostart.isEnabled();
}

export function createE2eProbe(): E2eProbe {
  const waiting = new Set<() => void>();
  const probe: E2eProbe = {
    alerts: [],
    outbox: [],
    tray: null,
    until: (check) =>
      new Promise<void>((resolve) => {
        const test = () => {
          if (!check(probe)) return;
          waiting.delete(test);
          resolve();
        };
        waiting.add(test);
        test();
      }),
    changed: () => {
      for (const test of [...waiting]) test();
    },
  };
  (globalThis as { tasktrayE2E?: E2eProbe }).tasktrayE2E = probe;
  return probe;
}
