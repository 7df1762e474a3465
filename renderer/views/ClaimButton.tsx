// Claim an unassigned task, or release one the user holds, where the vendor can (capability
// `claim`). One button whose words change, so the keyboard focus stays on it from Claim to Release.
import { LoaderCircle, UserMinus, UserPlus } from 'lucide-react';
import { useState } from 'react';
import type { Assignment } from '../../shared/assignment';
import type { VendorErrorInfo } from '../../shared/errors';
import type { Task } from '../../shared/task';
import { errorInfo } from '../errors';
import { useT } from '../state/hooks';
import { changeAssignment } from './change-assignment';
import { ErrorBox } from './ErrorBox';
import { runHandled } from '../../shared/detached';

export function ClaimButton(props: {
  task: Task;
  assignment: Exclude<Assignment, null>;
  /** Claim is the main action, unless a completion form beside it claims as it submits. */
  primary?: boolean;
}) {
  const t = useT();
  const { task, assignment } = props;
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<VendorErrorInfo | null>(null);
  const run = async () => {
    if (busy) return;
    setBusy(true);
    setDone(null);
    setError(null);
    try {
      setDone(await changeAssignment(task, assignment, t));
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      setBusy(false);
    }
  };
  const claim = assignment === 'claimable';
  const Icon = busy ? LoaderCircle : claim ? UserPlus : UserMinus;
  return (
    <>
      <button
        type="button"
        className={claim && (props.primary ?? true) ? 'primary claim-button' : 'claim-button'}
        aria-disabled={busy || undefined}
        aria-busy={busy || undefined}
        onClick={() => runHandled(run())}
      >
        <Icon aria-hidden="true" size={16} className={busy ? 'spin' : undefined} />{' '}
        {busy
          ? t(claim ? 'people.claiming' : 'people.releasing')
          : t(claim ? 'people.claim' : 'people.release')}
      </button>
      <span role="status" className="claim-status">
        {done}
      </span>
      {error && (
        <div className="claim-error">
          <ErrorBox error={error} />
        </div>
      )}
    </>
  );
}
