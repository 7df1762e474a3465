// The accounts as a list: each with its vendor, health and stored secrets, to edit or remove
// (removing asks once more, by name).
import { useState } from 'react';
import type { AccountView } from '../../shared/ipc';
import { runHandled } from '../../shared/detached';
import { VENDOR_LABELS } from '../../shared/vendors';
import { useHealth, useT } from '../state/hooks';

export function AccountList(props: {
  accounts: readonly AccountView[];
  onEdit: (view: AccountView) => void;
  /** Removes the account; false when that failed (the page says why). */
  onRemove: (accountId: string) => Promise<boolean>;
}) {
  const t = useT();
  const health = useHealth();
  const [removing, setRemoving] = useState<string | null>(null);

  const remove = async (id: string) => {
    if (await props.onRemove(id)) setRemoving(null);
  };

  return (
    <ul className="account-list">
      {props.accounts.map((view) => {
        const h = health.find((x) => x.accountId === view.account.id);
        return (
          <li key={view.account.id} className="account-item">
            <div>
              <strong>{view.account.name}</strong>{' '}
              <span className="muted">({VENDOR_LABELS[view.account.vendor]})</span>
              {h && <span className={`health health-${h.state}`}> · {t(`health.${h.state}`)}</span>}
              <div className="muted">
                {view.storedSecrets
                  .map((name) => `${t(`secret.${name}`)}: ${t('accounts.stored')}`)
                  .join(' · ')}
              </div>
            </div>
            <div className="row-actions">
              <button type="button" onClick={() => props.onEdit(view)}>
                {t('accounts.edit')}
              </button>
              {removing === view.account.id ? (
                <button
                  type="button"
                  className="danger"
                  onClick={() => runHandled(remove(view.account.id))}
                >
                  {t('accounts.confirmRemove', { name: view.account.name })}
                </button>
              ) : (
                <button type="button" onClick={() => setRemoving(view.account.id)}>
                  {t('accounts.remove')}
                </button>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
