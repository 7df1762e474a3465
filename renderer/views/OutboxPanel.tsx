// The inbox's "sending" section: completions and reassignments still on their way, or refused, so
// a send that waits or failed stays visible after its task has left the list.
import { useMemo, useState } from 'react';
import type { VendorErrorInfo } from '../../shared/errors';
import type { OutboxItem } from '../../shared/outbox';
import { getApi } from '../api';
import { errorInfo } from '../errors';
import type { Translate } from '../i18n';
import { useApp, useHealth, useT } from '../state/hooks';
import { errorMessage, outboxStatusText } from './outbox-text';
import { runHandled } from '../../shared/detached';

export function OutboxPanel() {
  const t = useT();
  const outbox = useApp((s) => s.data?.outbox);
  const items = useMemo(() => (outbox ?? []).filter((i) => i.state !== 'done'), [outbox]);
  const health = useHealth();
  if (items.length === 0) return null;
  return (
    <section className="outbox-panel" aria-labelledby="outbox-heading">
      <h2 id="outbox-heading" className="outbox-heading">
        {t('outbox.heading')}
      </h2>
      <ul className="outbox-items" aria-live="polite">
        {items.map((item) => (
          <OutboxRow
            key={item.id}
            item={item}
            t={t}
            rateLimited={health.some(
              (h) => h.accountId === item.accountId && h.state === 'rate_limited',
            )}
          />
        ))}
      </ul>
    </section>
  );
}

type OutboxAction = 'retry' | 'discard';

function OutboxRow(props: { item: OutboxItem; t: Translate; rateLimited: boolean }) {
  const { item, t } = props;
  const [busy, setBusy] = useState(false);
  const [callError, setCallError] = useState<VendorErrorInfo | null>(null);
  const act = async (action: OutboxAction) => {
    setBusy(true);
    setCallError(null);
    try {
      await getApi().call(`outbox:${action}`, { itemId: item.id });
    } catch (error) {
      setCallError(errorInfo(error));
    } finally {
      setBusy(false);
    }
  };
  const trouble = item.state !== 'sending' && (item.state === 'failed' || item.lastError !== null);
  // Retry only where there is trouble; discard always.
  const actions: OutboxAction[] = trouble ? ['retry', 'discard'] : ['discard'];
  return (
    <li className={`outbox-item outbox-${item.state}${item.lastError ? ' outbox-error' : ''}`}>
      <span className="outbox-title">{item.taskTitle}</span>
      <span className="muted outbox-op">{t(`outbox.op.${item.op.type}`)}</span>
      <span className="outbox-message">{outboxStatusText(item, t, props.rateLimited)}</span>
      {callError && (
        <span className="outbox-message outbox-call-error" role="alert">
          {errorMessage(callError, t)}
        </span>
      )}
      <span className="outbox-actions">
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            className="small"
            disabled={busy}
            aria-label={t(`outbox.${action}For`, { title: item.taskTitle })}
            onClick={() => runHandled(act(action))}
          >
            {t(`outbox.${action}`)}
          </button>
        ))}
      </span>
    </li>
  );
}
