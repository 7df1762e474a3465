// Snooze a task's reminders for a while; the engine holds its alerts until then.
import { useId, useState } from 'react';
import type { VendorErrorInfo } from '../../shared/errors';
import { getApi } from '../api';
import { errorInfo } from '../errors';
import { formatInstant } from '../i18n';
import { useApp, useLanguage, useT } from '../state/hooks';
import { ErrorBox } from './ErrorBox';
import { snoozeUntil } from '../inbox/snooze';
import { runHandled } from '../../shared/detached';

export function SnoozeControl(props: {
  taskId: string;
  /** The task's snooze as main keeps it (its list row): shown after a reload too. */
  snoozedUntil: number | null;
}) {
  const t = useT();
  const language = useLanguage();
  const id = useId();
  const [choice, setChoice] = useState<'1h' | '4h' | 'tomorrow'>('1h');
  const [until, setUntil] = useState<number | null>(null);
  const [error, setError] = useState<VendorErrorInfo | null>(null);
  const now = useApp((s) => s.now);
  const shownUntil =
    until ?? (props.snoozedUntil !== null && props.snoozedUntil > now ? props.snoozedUntil : null);
  const snooze = async () => {
    const at = snoozeUntil(choice, new Date());
    setError(null);
    try {
      await getApi().call('tasks:snooze', { taskId: props.taskId, until: at });
      setUntil(at);
    } catch (e) {
      setError(errorInfo(e));
    }
  };
  return (
    <div className="snooze">
      <label htmlFor={id} className="visually-hidden">
        {t('snooze.label')}
      </label>
      <select id={id} value={choice} onChange={(e) => setChoice(e.target.value as typeof choice)}>
        <option value="1h">{t('snooze.1h')}</option>
        <option value="4h">{t('snooze.4h')}</option>
        <option value="tomorrow">{t('snooze.tomorrow')}</option>
      </select>
      <button type="button" onClick={() => runHandled(snooze())}>
        {t('snooze.button')}
      </button>
      {shownUntil !== null && (
        <span role="status" className="muted">
          {t('snooze.done', { time: formatInstant(shownUntil, language) })}
        </span>
      )}
      {error && <ErrorBox error={error} />}
    </div>
  );
}
