// The tray's context menu as data: built from the app's state, so it is tested without Electron.
import type { MenuItemConstructorOptions } from 'electron';
import type { Account } from '../../shared/account';
import type { Language } from '../../shared/appearance';
import type { AccountHealth } from '../../shared/health';
import type { Translate } from '../../shared/i18n/format';
import { translator } from '../../shared/i18n/translate';
import { localizeError } from '../../shared/i18n/error-text';

export interface TrayMenuState {
  accounts: readonly Pick<Account, 'id' | 'name'>[];
  health: readonly AccountHealth[];
  /** Notifications paused until this instant, or null. */
  pausedUntil: number | null;
  /** The OS's real start-at-login state, not what the settings asked for. */
  startAtLogin: boolean;
  now: number;
  /** The settings' language; English when not given. */
  language?: Language;
}

export interface TrayMenuActions {
  openInbox(): void;
  refreshNow(): void;
  pauseUntil(until: number | null): void;
  openSettings(): void;
  openAccounts(): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
  /** The time when an item is clicked: a memoised menu may be older than `state.now`. */
  now?(): number;
  /** Items other modules add above Quit (Restart to update, Open logs…). */
  moreItems?(t: Translate): MenuItemConstructorOptions[];
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
  const clickedAt = () => actions.now?.() ?? state.now;
  const t = translator(state.language ?? 'en');
  const paused = state.pausedUntil !== null && state.pausedUntil > state.now;
  const health = new Map(state.health.map((h) => [h.accountId, h]));
  const accountItems: MenuItemConstructorOptions[] = state.accounts.map((account) => {
    const h = health.get(account.id);
    const label = t(`health.${h?.state ?? 'starting'}`);
    return {
      label: t('tray.account', { name: account.name, health: label }),
      toolTip: h?.lastError ? localizeError(h.lastError, t).message : undefined,
      click: () => actions.openAccounts(),
    };
  });
  return [
    { label: t('tray.openInbox'), click: () => actions.openInbox() },
    { label: t('tray.refreshNow'), click: () => actions.refreshNow() },
    {
      label: paused ? t('tray.paused') : t('tray.pause'),
      submenu: [
        { label: t('tray.pauseHour'), click: () => actions.pauseUntil(clickedAt() + HOUR) },
        {
          label: t('tray.pauseTomorrow'),
          click: () => actions.pauseUntil(tomorrowMorning(clickedAt())),
        },
        { label: t('tray.resume'), enabled: paused, click: () => actions.pauseUntil(null) },
      ],
    },
    { type: 'separator' },
    { label: t('tray.accounts'), enabled: false },
    ...(accountItems.length > 0 ? accountItems : [{ label: t('tray.noAccounts'), enabled: false }]),
    { type: 'separator' },
    { label: t('tray.settings'), click: () => actions.openSettings() },
    {
      label: t('tray.startAtLogin'),
      type: 'checkbox',
      checked: state.startAtLogin,
      click: (item) => actions.setStartAtLogin(item.checked),
    },
    ...(actions.moreItems?.(t) ?? []),
    { type: 'separator' },
    { label: t('tray.quit'), click: () => actions.quit() },
  ];
}
