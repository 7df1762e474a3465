// Settings or state the disk would not take (a full disk, a folder Tasktray may not write), as one
// line in the inbox beside the failing accounts: what could not be saved, and — opened — why and
// what to do. It stays until the user dismisses it; the notification may long be gone by then.
import { AlertTriangle, X } from 'lucide-react';
import { useState } from 'react';
import type { VendorErrorInfo } from '../../shared/errors';
import type { SaveFailureView } from '../../shared/ipc';
import { savedWhat, shortReason } from '../../shared/save-failures';
import { runDetached } from '../../shared/detached';
import { getApi } from '../api';
import { errorInfo } from '../errors';
import { useApp, useT } from '../state/hooks';
import { ErrorBox } from './ErrorBox';
import { IconButton } from './IconButton';

// A fresh [] per call would make zustand re-render forever (see hooks.ts).
const NONE: SaveFailureView[] = [];

export function SaveFailures(props: { accountNames: Map<string, string> }) {
  const t = useT();
  const failures = useApp((s) => s.data?.saveFailures ?? NONE);
  const [error, setError] = useState<VendorErrorInfo | null>(null);
  if (failures.length === 0) return null;
  const name = (accountId: string) => props.accountNames.get(accountId) ?? accountId;
  const whats = [...new Set(failures.map((f) => savedWhat(f.key, t, name)))];
  const dismiss = () => {
    setError(null);
    // Only what the user has seen: a failure arriving meanwhile stays.
    const keys = failures.map((f) => f.key);
    runDetached(getApi().call('saves:dismiss', { keys }), (e) => setError(errorInfo(e)));
  };
  return (
    <div className="save-problems">
      <details className="problems">
        <summary>
          <AlertTriangle aria-hidden="true" size={14} />{' '}
          <span>{t('save.line', { what: whats.join(', ') })}</span>{' '}
          <span className="muted">({t('save.whatToDo')})</span>
        </summary>
        <ul className="save-problem-list">
          {failures.map((f) => {
            const what = savedWhat(f.key, t, name);
            const reason = shortReason(f.reason);
            return (
              <li key={f.key}>
                {f.folder
                  ? t('notification.saveFailedBody', { what, reason, folder: f.folder })
                  : t('save.noFolderBody', { what, reason })}
              </li>
            );
          })}
        </ul>
      </details>
      <IconButton label={t('save.dismiss')} icon={X} onClick={dismiss} />
      {error && <ErrorBox error={error} />}
    </div>
  );
}
