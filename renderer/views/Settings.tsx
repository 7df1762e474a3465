// Settings: theme, language, start at login, the global shortcut, notification kinds, quiet hours,
// poll intervals.
// Every change is saved at once through settings:update; the store hears it back as an event.
import { useState } from 'react';
import type { VendorErrorInfo } from '../../shared/errors';
import type { AccountView } from '../../shared/ipc';
import { LANGUAGES, THEMES } from '../../shared/appearance';
import type { GlobalShortcutSetting, SettingsPatch, ShortcutStatus } from '../../shared/settings';
import { getApi } from '../api';
import { errorInfo } from '../errors';
import { useAccounts, useApp, useT } from '../state/hooks';
import { ErrorBox } from './ErrorBox';
import { runHandled } from '../../shared/detached';

const LANGUAGE_NAMES = { en: 'English', es: 'Español' } as const;

function toTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

function toMinute(time: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function Settings() {
  const t = useT();
  const settings = useApp((s) => s.data?.settings);
  const accounts = useAccounts();
  const demo = useApp((s) => s.data?.demo ?? false);
  const shortcutStatus = useApp((s) => s.data?.shortcut ?? 'unavailable');
  const [error, setError] = useState<VendorErrorInfo | null>(null);
  const [saved, setSaved] = useState(false);
  if (!settings) return <p role="status">{t('common.loading')}</p>;
  const notifications = settings.notifications;

  const update = async (patch: SettingsPatch) => {
    setError(null);
    setSaved(false);
    try {
      await getApi().call('settings:update', patch);
      setSaved(true);
    } catch (e) {
      setError(errorInfo(e));
    }
  };
  const quiet = notifications.quietHours;

  return (
    <main className="page settings" aria-labelledby="settings-heading">
      <h1 id="settings-heading">{t('settings.heading')}</h1>
      <p className="sr-status" role="status">
        {saved ? t('settings.saved') : ''}
      </p>
      {error && <ErrorBox error={error} />}
      <fieldset>
        <legend>{t('settings.appearance')}</legend>
        <div className="field">
          <label htmlFor="settings-theme">{t('settings.theme')}</label>
          <select
            id="settings-theme"
            value={settings.theme}
            onChange={(e) =>
              runHandled(update({ theme: e.target.value as (typeof THEMES)[number] }))
            }
          >
            {THEMES.map((theme) => (
              <option key={theme} value={theme}>
                {t(`settings.theme.${theme}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="settings-language">{t('settings.language')}</label>
          <select
            id="settings-language"
            value={settings.language}
            onChange={(e) =>
              runHandled(update({ language: e.target.value as (typeof LANGUAGES)[number] }))
            }
          >
            {LANGUAGES.map((language) => (
              <option key={language} value={language} lang={language}>
                {LANGUAGE_NAMES[language]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-check">
          <input
            id="settings-login"
            type="checkbox"
            checked={settings.startAtLogin}
            onChange={(e) => runHandled(update({ startAtLogin: e.target.checked }))}
          />
          <label htmlFor="settings-login">{t('settings.startAtLogin')}</label>
        </div>
      </fieldset>
      <ShortcutSetting
        key={settings.globalShortcut.accelerator}
        setting={settings.globalShortcut}
        status={shortcutStatus}
        error={error}
        update={update}
      />
      <fieldset>
        <legend>{t('settings.notifications')}</legend>
        {(['new', 'overdue', 'escalated'] as const).map((kind) => (
          <div className="field field-check" key={kind}>
            <input
              id={`settings-kind-${kind}`}
              type="checkbox"
              checked={notifications.kinds[kind]}
              onChange={(e) =>
                runHandled(
                  update({
                    notifications: { kinds: { ...notifications.kinds, [kind]: e.target.checked } },
                  }),
                )
              }
            />
            <label htmlFor={`settings-kind-${kind}`}>{t(`settings.kind.${kind}`)}</label>
          </div>
        ))}
        <div className="field field-check">
          <input
            id="settings-quiet"
            type="checkbox"
            checked={quiet !== null}
            onChange={(e) =>
              runHandled(
                update({
                  notifications: {
                    quietHours: e.target.checked
                      ? { startMinute: 22 * 60, endMinute: 7 * 60 }
                      : null,
                  },
                }),
              )
            }
          />
          <label htmlFor="settings-quiet">{t('settings.quietHours')}</label>
        </div>
        {quiet && (
          <div className="inline-fields">
            <div className="field">
              <label htmlFor="settings-quiet-from">{t('settings.quietFrom')}</label>
              <input
                id="settings-quiet-from"
                type="time"
                value={toTime(quiet.startMinute)}
                onChange={(e) => {
                  const minute = toMinute(e.target.value);
                  if (minute !== null)
                    runHandled(
                      update({
                        notifications: { quietHours: { ...quiet, startMinute: minute } },
                      }),
                    );
                }}
              />
            </div>
            <div className="field">
              <label htmlFor="settings-quiet-to">{t('settings.quietTo')}</label>
              <input
                id="settings-quiet-to"
                type="time"
                value={toTime(quiet.endMinute)}
                onChange={(e) => {
                  const minute = toMinute(e.target.value);
                  if (minute !== null)
                    runHandled(
                      update({ notifications: { quietHours: { ...quiet, endMinute: minute } } }),
                    );
                }}
              />
            </div>
          </div>
        )}
        <div className="field">
          <label htmlFor="settings-max">{t('settings.maxAlerts')}</label>
          <input
            id="settings-max"
            type="number"
            min={1}
            value={notifications.maxAlertsPerCycle}
            onChange={(e) => {
              const value = Number(e.target.value);
              if (Number.isInteger(value) && value >= 1)
                runHandled(update({ notifications: { maxAlertsPerCycle: value } }));
            }}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('settings.polling')}</legend>
        {demo && <p className="muted">{t('settings.pollDemo')}</p>}
        {accounts.map((view) => (
          <PollInterval key={view.account.id} view={view} onError={setError} />
        ))}
      </fieldset>
    </main>
  );
}

/** On/off and the accelerator; says when another application holds the key. */
function ShortcutSetting(props: {
  setting: GlobalShortcutSetting;
  status: ShortcutStatus;
  error: VendorErrorInfo | null;
  update: (patch: SettingsPatch) => Promise<void>;
}) {
  const t = useT();
  const { setting, status } = props;
  const [accelerator, setAccelerator] = useState(setting.accelerator);
  const refused = props.error?.fields.some((f) => f.field.startsWith('globalShortcut')) ?? false;
  const taken = setting.enabled && status === 'taken';
  const save = () => {
    const value = accelerator.trim();
    if (value !== setting.accelerator)
      runHandled(props.update({ globalShortcut: { ...setting, accelerator: value } }));
  };
  const statusText = !setting.enabled
    ? ''
    : status === 'taken'
      ? t('settings.shortcut.taken', { accelerator: setting.accelerator })
      : status === 'on'
        ? t('settings.shortcut.on', { accelerator: setting.accelerator })
        : '';
  return (
    <fieldset>
      <legend>{t('settings.shortcut')}</legend>
      <div className="field field-check">
        <input
          id="settings-shortcut"
          type="checkbox"
          checked={setting.enabled}
          aria-describedby="settings-shortcut-status"
          onChange={(e) =>
            runHandled(props.update({ globalShortcut: { ...setting, enabled: e.target.checked } }))
          }
        />
        <label htmlFor="settings-shortcut">{t('settings.shortcut.enabled')}</label>
      </div>
      <div className="field">
        <label htmlFor="settings-shortcut-key">{t('settings.shortcut.accelerator')}</label>
        <input
          id="settings-shortcut-key"
          type="text"
          spellCheck={false}
          autoComplete="off"
          value={accelerator}
          aria-invalid={taken || refused ? true : undefined}
          aria-describedby="settings-shortcut-help settings-shortcut-status"
          onChange={(e) => setAccelerator(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => e.key === 'Enter' && save()}
        />
        <p id="settings-shortcut-help" className={refused ? 'field-error' : 'muted'}>
          {t('settings.shortcut.help')}
        </p>
        <p id="settings-shortcut-status" role="status" className={taken ? 'field-error' : 'muted'}>
          {statusText}
        </p>
      </div>
    </fieldset>
  );
}

function PollInterval(props: { view: AccountView; onError: (e: VendorErrorInfo | null) => void }) {
  const t = useT();
  const { account } = props.view;
  const [value, setValue] = useState(String(account.pollIntervalSec));
  const inputId = `settings-poll-${account.id}`;
  const save = async () => {
    const seconds = Number(value);
    if (seconds === account.pollIntervalSec) return;
    props.onError(null);
    try {
      await getApi().call('accounts:save', {
        account: { ...account, pollIntervalSec: seconds },
        secrets: {},
      });
    } catch (e) {
      props.onError(errorInfo(e));
    }
  };
  return (
    <div className="field">
      <label htmlFor={inputId}>{t('settings.pollFor', { name: account.name })}</label>
      <input
        id={inputId}
        type="number"
        min={1}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onBlur={() => runHandled(save())}
        onKeyDown={(e) => {
          if (e.key === 'Enter') runHandled(save());
        }}
      />
    </div>
  );
}
