// The completion form's foot: Submit and Cancel, or — when Cancel would throw typed input away —
// the question whether to discard it; and the notice of a send waiting to be retried.
import type { OutboxItem } from '../../shared/outbox';
import { runHandled } from '../../shared/detached';
import { useT } from '../state/hooks';
import { errorMessage } from './outbox-text';

export function CompletionActions(props: {
  formId: string;
  confirmDiscard: boolean;
  sending: boolean;
  done: boolean;
  /** Submit claims the task first (shared/assignment.ts): its label and a note say so. */
  claimFirst: boolean;
  /** Someone else claimed the task: Submit is off, and the note says why. */
  taken: boolean;
  onKeepEditing: () => void;
  onDiscard: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const { formId, sending, done, claimFirst, taken } = props;
  const noteId = `${formId}-submit-note`;
  const note = taken ? t('form.takenNote') : claimFirst ? t('form.claimFirstNote') : null;
  return props.confirmDiscard ? (
    <div
      className="form-actions confirm-discard"
      role="alertdialog"
      aria-labelledby={`${formId}-discard`}
    >
      <span id={`${formId}-discard`}>{t('form.discardQuestion')}</span>
      <button type="button" data-keep-editing="" onClick={props.onKeepEditing}>
        {t('form.keepEditing')}
      </button>
      <button type="button" className="danger" onClick={props.onDiscard}>
        {t('form.discard')}
      </button>
    </div>
  ) : (
    <div className="form-actions">
      <button
        type="submit"
        className="primary"
        disabled={sending || done || taken}
        aria-describedby={note ? noteId : undefined}
      >
        {sending
          ? t(claimFirst ? 'form.claimingAndSending' : 'form.sending')
          : t(claimFirst ? 'form.claimAndSubmit' : 'form.submit')}
      </button>
      <button type="button" data-cancel="" onClick={props.onCancel}>
        {t('common.cancel')}
      </button>
      {!taken && <span className="muted keys-hint">{t('form.keys')}</span>}
      {note && (
        <p id={noteId} className={taken ? 'submit-note taken' : 'submit-note'}>
          {note}
        </p>
      )}
    </div>
  );
}

/** A send that failed for a passing reason waits for its backoff; the user may hurry it. */
export function RetryNotice(props: {
  item: OutboxItem;
  onRetry: (itemId: string) => Promise<void>;
}) {
  const t = useT();
  const { item } = props;
  if (item.state !== 'pending' || !item.lastError) return null;
  return (
    <div className="notice">
      <span role="status">{t('form.willRetry', { message: errorMessage(item.lastError, t) })}</span>{' '}
      <button type="button" className="small" onClick={() => runHandled(props.onRetry(item.id))}>
        {t('form.retryNow')}
      </button>
    </div>
  );
}
