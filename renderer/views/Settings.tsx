// Settings: theme, language, start at login, the global shortcut, notification kinds, quiet hours,
// poll intervals.
// Every change is saved at once through settings:update; the store hears it back as an event.
import { useState, type ReactNode } from 'react';
import type { VendorErrorInfo } from '../../shared/errors';
import type { AccountView } from '../../shared/ipc';
import { LANGUAGES, THEMES } from '../../shared/appearance';
import type { GlobalShortcutSetting, SettingsPatch, ShortcutStatus } from '../../shared/settings';
import { getApi } from '../api';
import { errorInfo } from '../errors';
import { useAccounts, useApp, useT } from '../state/hooks';
import { ErrorBox } from './ErrorBox';
import { runHandled } from '../../shared/detached';
import { CheckField, Field, SelectField } from './Field';

const LANGUAGE_NAMES = { en: 'English', es: 'Español' } as const;

/** One group of settings, named by its legend. */
function SettingsGroup(props: { legend: string; children: ReactNode }) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.children}
    </fieldset>
  );
}

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
      <SettingsGroup legend={t('settings.appearance')}>
        <SelectField
          id="settings-theme"
          label={t('settings.theme')}
          value={settings.theme}
          options={THEMES.map((theme) => ({ value: theme, label: t(`settings.theme.${theme}`) }))}
          onChange={(value) => runHandled(update({ theme: value as (typeof THEMES)[number] }))}
        />
        <SelectField
          id="settings-language"
          label={t('settings.language')}
          value={settings.language}
          options={LANGUAGES.map((language) => ({
            value: language,
            label: LANGUAGE_NAMES[language],
            lang: language,
          }))}
          onChange={(value) =>
            runHandled(update({ language: value as (typeof LANGUAGES)[number] }))
          }
        />
        <CheckField
          id="settings-login"
          label={t('settings.startAtLogin')}
          checked={settings.startAtLogin}
          onChange={(checked) => runHandled(update({ startAtLogin: checked }))}
        />
      </SettingsGroup>
      <ShortcutSetting
        key={settings.globalShortcut.accelerator}
        setting={settings.globalShortcut}
        status={shortcutStatus}
        error={error}
        update={update}
      />
      <SettingsGroup legend={t('settings.notifications')}>
        {(['new', 'overdue', 'escalated'] as const).map((kind) => (
          <CheckField
            key={kind}
            id={`settings-kind-${kind}`}
            label={t(`settings.kind.${kind}`)}
            checked={notifications.kinds[kind]}
            onChange={(checked) =>
              runHandled(
                update({ notifications: { kinds: { ...notifications.kinds, [kind]: checked } } }),
              )
            }
          />
        ))}
        <CheckField
          id="settings-quiet"
          label={t('settings.quietHours')}
          checked={quiet !== null}
          onChange={(checked) =>
            runHandled(
              update({
                notifications: {
                  quietHours: checked ? { startMinute: 22 * 60, endMinute: 7 * 60 } : null,
                },
              }),
            )
          }
        />
        {quiet && (
          <div className="inline-fields">
            {(
              [
                ['settings-quiet-from', t('settings.quietFrom'), 'startMinute'],
                ['settings-quiet-to', t('settings.quietTo'), 'endMinute'],
              ] as const
            ).map(([id, label, end]) => (
              <Field key={id} id={id} label={label}>
                <input
                  id={id}
                  type="time"
                  value={toTime(quiet[end])}
                  onChange={(e) => {
                    const minute = toMinute(e.target.value);
                    if (minute !== null)
                      runHandled(
                        update({ notifications: { quietHours: { ...quiet, [end]: minute } } }),
                      );
                  }}
                />
              </Field>
            ))}
          </div>
        )}
        <Field id="settings-max" label={t('settings.maxAlerts')}>
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
        </Field>
      </SettingsGroup>
      <SettingsGroup legend={t('settings.polling')}>
        {demo && <p className="muted">{t('settings.pollDemo')}</p>}
        {accounts.map((view) => (
          <PollInterval key={view.account.id} view={view} onError={setError} />
        ))}
      </SettingsGroup>
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
    <SettingsGroup legend={t('settings.shortcut')}>
      <CheckField
        id="settings-shortcut"
        label={t('settings.shortcut.enabled')}
        checked={setting.enabled}
        describedBy="settings-shortcut-status"
        onChange={(checked) =>
          runHandled(props.update({ globalShortcut: { ...setting, enabled: checked } }))
        }
      />
      <Field id="settings-shortcut-key" label={t('settings.shortcut.accelerator')}>
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
      </Field>
    </SettingsGroup>
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
    <Field id={inputId} label={t('settings.pollFor', { name: account.name })}>
      <input
        id={inputId}
        type="number"
        min={1}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onBlur={() => runHandled(save())}
        onKeyDown={(e) => e.key === 'Enter' && runHandled(save())}
      />
    </Field>
  );
}
