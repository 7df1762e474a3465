// Sending a completion and following it through the outbox: a completion the vendor refused
// earlier is retried rather than queued twice, and the outbox's progress says when it is done.
import { useEffect, useMemo, useState } from 'react';
import type { VendorErrorInfo } from '../../shared/errors';
import type { OutboxItem } from '../../shared/outbox';
import type { CompletionRequest, Task } from '../../shared/task';
import { getApi } from '../api';
import { errorInfo } from '../errors';
import { useApp } from '../state/hooks';
import { formKey } from './completion-values';

export interface CompletionSend {
  /** The outbox item this form sent, once sent. */
  item: OutboxItem | undefined;
  /** Sent: the outbox holds the completion from here on. */
  sent: boolean;
  sending: boolean;
  done: boolean;
  /** What the vendor or the call said last, for this form's send or an earlier refused one. */
  vendorError: VendorErrorInfo | null;
  /** The last send failed before anything was queued: nothing went to the vendor. */
  notQueued: boolean;
  /**
   * Sends the completion; `claim`: claim the task first (shared/assignment.ts). Resolves to
   * null once the outbox took it, else to what went wrong.
   */
  send: (request: CompletionRequest, claim: boolean) => Promise<VendorErrorInfo | null>;
  /** Hurries a send that waits for its backoff after a passing failure. */
  retryNow: (itemId: string) => Promise<void>;
  clearError: () => void;
}

export function useCompletionSend(task: Task, onDone: () => void): CompletionSend {
  const [callError, setCallError] = useState<VendorErrorInfo | null>(null);
  const [itemId, setItemId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notQueued, setNotQueued] = useState(false);

  // A completion of this task the vendor refused earlier: resubmitting retries that item.
  const failed = useApp((s) =>
    s.data?.outbox.find(
      (i) => i.taskId === task.id && i.state === 'failed' && i.op.type === 'complete',
    ),
  );
  const item = useApp((s) => (itemId ? s.data?.outbox.find((i) => i.id === itemId) : undefined));
  const state = item?.state ?? null;
  const sending = busy || state === 'pending' || state === 'sending';
  const done = state === 'done';

  useEffect(() => {
    if (done) onDone();
  }, [done, onDone]);

  const vendorError =
    callError ??
    (state === 'failed' ? item?.lastError : null) ??
    (itemId ? null : failed?.lastError) ??
    null;

  const send = async (request: CompletionRequest, claim: boolean) => {
    setBusy(true);
    setNotQueued(false);
    try {
      const sent = failed
        ? await getApi().call('outbox:retry', {
            itemId: failed.id,
            op: { type: 'complete', request },
            claim,
          })
        : await getApi().call('tasks:complete', { taskId: task.id, completion: request, claim });
      setItemId(sent.id);
      return null;
    } catch (error) {
      const info = errorInfo(error);
      setCallError(info);
      setNotQueued(true);
      return info;
    } finally {
      setBusy(false);
    }
  };

  const retryNow = async (id: string) => {
    setCallError(null);
    try {
      await getApi().call('outbox:retry', { itemId: id });
    } catch (error) {
      setCallError(errorInfo(error));
    }
  };

  return {
    item,
    sent: itemId !== null,
    sending,
    done,
    vendorError,
    notQueued: notQueued && callError !== null,
    send,
    retryNow,
    clearError: () => setCallError(null),
  };
}

/** The vendor's field errors on the form's own keys, and which of its fields the form shows. */
export function useVendorFieldErrors(
  task: Task,
  vendorError: VendorErrorInfo | null,
): { fieldErrors: Record<string, string>; shownFields: Set<string> } {
  return useMemo(() => {
    const fieldErrors: Record<string, string> = {};
    const shownFields = new Set<string>();
    for (const fe of vendorError?.fields ?? []) {
      const key = formKey(task, fe);
      if (key === null) continue;
      shownFields.add(fe.field);
      if (key && !fieldErrors[key]) fieldErrors[key] = fe.message;
    }
    return { fieldErrors, shownFields };
  }, [vendorError, task]);
}
