// The tray's context menu as data: built from the app's state, so it is tested without Electron.
import type { MenuItemConstructorOptions } from 'electron';
import type { Account } from '../../shared/account';
import { HEALTH_LABELS, type AccountHealth } from '../../shared/health';

export interface TrayMenuState {
  accounts: readonly Pick<Account, 'id' | 'name'>[];
  health: readonly AccountHealth[];
  /** Notifications paused until this instant, or null. */
  pausedUntil: number | null;
  /** The OS's real start-at-login state, not what the settings asked for. */
  startAtLogin: boolean;
  now: number;
}

export interface TrayMenuActions {
  openInbox(): void;
  refreshNow(): void;
  pauseUntil(until: number | null): void;
  openSettings(): void;
  openAccounts(): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
  /** Items other modules add above Quit (Restart to update, Open logs…). */
  moreItems?(): MenuItemConstructorOptions[];
}

const HOUR = 3_600_000;

/** "Until tomorrow" means tomorrow at 08:00, local time. */
export function tomorrowMorning(now: number): number {
  const at = new Date(now);
  at.setDate(at.getDate() + 1);
  at.setHours(8, 0, 0, 0);
  return at.getTime();
}

export function trayMenuTemplate(
  state: TrayMenuState,
  actions: TrayMenuActions,
): MenuItemConstructorOptions[] {
  const paused = state.pausedUntil !== null && state.pausedUntil > state.now;
  const health = new Map(state.health.map((h) => [h.accountId, h]));
  const accountItems: MenuItemConstructorOptions[] = state.accounts.map((account) => {
    const h = health.get(account.id);
    const label = h ? HEALTH_LABELS[h.state] : HEALTH_LABELS.starting;
    return {
      label: `${account.name} — ${label}`,
      toolTip: h?.lastError?.message,
      click: () => actions.openAccounts(),
    };
  });
  return [
    { label: 'Open inbox', click: () => actions.openInbox() },
    { label: 'Refresh now', click: () => actions.refreshNow() },
    {
      label: paused ? 'Notifications paused' : 'Pause notifications',
      submenu: [
        { label: 'For 1 hour', click: () => actions.pauseUntil(state.now + HOUR) },
        { label: 'Until tomorrow', click: () => actions.pauseUntil(tomorrowMorning(state.now)) },
        { label: 'Resume', enabled: paused, click: () => actions.pauseUntil(null) },
      ],
    },
    { type: 'separator' },
    { label: 'Accounts', enabled: false },
    ...(accountItems.length > 0 ? accountItems : [{ label: 'No accounts', enabled: false }]),
    { type: 'separator' },
    { label: 'Settings…', click: () => actions.openSettings() },
    {
      label: 'Start at login',
      type: 'checkbox',
      checked: state.startAtLogin,
      click: (item) => actions.setStartAtLogin(item.checked),
    },
    ...(actions.moreItems?.() ?? []),
    { type: 'separator' },
    { label: 'Quit Tasktray', click: () => actions.quit() },
  ];
}
