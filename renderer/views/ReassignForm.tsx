// Reassign a task to a user or a group, where the vendor supports it; sent through the outbox.
// Where the vendor lists who may take the task, a picker (its own chunk) replaces the id field.
import { lazy, Suspense, useId, useState } from 'react';
import type { VendorErrorInfo } from '../../shared/errors';
import type { GroupDistribution } from '../../shared/task';
import { getApi } from '../api';
import { errorInfo } from '../errors';
import { useT } from '../state/hooks';
import { ErrorBox } from './ErrorBox';
import { submitTo } from './submit';

const AssigneePicker = lazy(() =>
  import('./AssigneePicker').then((m) => ({ default: m.AssigneePicker })),
);

export function ReassignForm(props: {
  taskId: string;
  toUser: boolean;
  toGroup: boolean;
  /** The vendor lists who may take the task: pick from them instead of typing an id. */
  picker?: boolean;
  distributions?: readonly GroupDistribution[];
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  if (props.picker) {
    return (
      <details className="reassign" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{t('reassign.heading')}</summary>
        {open && (
          <Suspense fallback={<p className="muted">{t('picker.loading')}</p>}>
            <AssigneePicker
              taskId={props.taskId}
              toUser={props.toUser}
              toGroup={props.toGroup}
              distributions={props.distributions ?? []}
            />
          </Suspense>
        )}
      </details>
    );
  }
  return <ReassignById taskId={props.taskId} toUser={props.toUser} toGroup={props.toGroup} />;
}

function ReassignById(props: { taskId: string; toUser: boolean; toGroup: boolean }) {
  const t = useT();
  const id = useId();
  const [kind, setKind] = useState<'user' | 'group'>(props.toUser ? 'user' : 'group');
  const [target, setTarget] = useState('');
  const [comment, setComment] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<VendorErrorInfo | null>(null);
  const submit = async () => {
    setError(null);
    try {
      await getApi().call('tasks:reassign', {
        taskId: props.taskId,
        target: { kind, id: target.trim(), comment: comment.trim() || null },
      });
      setSent(true);
    } catch (e) {
      setError(errorInfo(e));
    }
  };
  return (
    <details className="reassign">
      <summary>{t('reassign.heading')}</summary>
      <form noValidate onSubmit={submitTo(submit)}>
        {props.toUser && props.toGroup && (
          <div className="field">
            <label htmlFor={`${id}-kind`}>{t('reassign.kind')}</label>
            <select
              id={`${id}-kind`}
              value={kind}
              onChange={(e) => setKind(e.target.value as 'user' | 'group')}
            >
              <option value="user">{t('reassign.user')}</option>
              <option value="group">{t('reassign.group')}</option>
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-target`}>{t('reassign.id')}</label>
          <input id={`${id}-target`} value={target} onChange={(e) => setTarget(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-comment`}>{t('reassign.comment')}</label>
          <input
            id={`${id}-comment`}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </div>
        <button type="submit">{t('reassign.submit')}</button>
        {sent && <p role="status">{t('reassign.sent')}</p>}
        {error && <ErrorBox error={error} />}
      </form>
    </details>
  );
}
