// Accounts: add, edit, test and remove vendor accounts. Secrets go to the keychain and come back
// only as "stored".
import { useState } from 'react';
import type { VendorErrorInfo } from '../../shared/errors';
import type { AccountView } from '../../shared/ipc';
import { getApi } from '../api';
import { errorInfo } from '../errors';
import { useAccounts, useT } from '../state/hooks';
import { AccountForm } from './AccountForm';
import { AccountList } from './AccountList';
import { draftFromView, emptyDraft, type AccountDraft } from './account-form';
import { ErrorBox } from './ErrorBox';

export function Accounts() {
  const t = useT();
  const accounts = useAccounts();
  const [editing, setEditing] = useState<{
    draft: AccountDraft;
    existing: AccountView | null;
  } | null>(null);
  const [error, setError] = useState<VendorErrorInfo | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const remove = async (id: string): Promise<boolean> => {
    setError(null);
    try {
      await getApi().call('accounts:remove', { accountId: id });
      return true;
    } catch (e) {
      setError(errorInfo(e));
      return false;
    }
  };

  return (
    <main className="page" aria-labelledby="accounts-heading">
      <h1 id="accounts-heading">{t('accounts.heading')}</h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {error && <ErrorBox error={error} />}
      {accounts.length === 0 && <p className="muted">{t('accounts.none')}</p>}
      <AccountList
        accounts={accounts}
        onEdit={(view) => setEditing({ draft: draftFromView(view), existing: view })}
        onRemove={remove}
      />
      {editing ? (
        <AccountForm
          key={editing.existing?.account.id ?? 'new'}
          initial={editing.draft}
          existing={editing.existing}
          onSaved={(view) => {
            setEditing(null);
            setNotice(t('accounts.saved', { name: view.account.name }));
          }}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <button
          type="button"
          className="primary"
          onClick={() => setEditing({ draft: emptyDraft('geotareas'), existing: null })}
        >
          {t('accounts.add')}
        </button>
      )}
    </main>
  );
}
