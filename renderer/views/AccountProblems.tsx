// The failing accounts' line in the inbox, opened to each one's error. Its own chunk, loaded only
// when some account fails: the list's first paint does not wait for it.
import { AlertTriangle } from 'lucide-react';
import type { AccountHealth } from '../../shared/health';
import type { Translate } from '../i18n';
import { ErrorBox } from './ErrorBox';

export function AccountProblems(props: {
  t: Translate;
  accountNames: Map<string, string>;
  troubled: AccountHealth[];
}) {
  const { t, troubled } = props;
  return (
    <details className="problems">
      <summary>
        <AlertTriangle aria-hidden="true" size={14} />{' '}
        <span>
          {t('inbox.problemLine', {
            names: troubled
              .map((h) => props.accountNames.get(h.accountId) ?? h.accountId)
              .join(', '),
          })}
        </span>{' '}
        <span className="muted">({t('inbox.problemDetails')})</span>
      </summary>
      {troubled.map((h) => (
        <div key={h.accountId} className="health-problem">
          <strong>
            {props.accountNames.get(h.accountId) ?? h.accountId}: {t(`health.${h.state}`)}
          </strong>
          {h.lastError && <ErrorBox error={h.lastError} />}
        </div>
      ))}
    </details>
  );
}
