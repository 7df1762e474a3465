// One task's detail for the detail pane and the popup: shown at once as main last read it, then
// read again from the vendor, and kept current by the task's list row.
import { useEffect, useMemo, useState } from 'react';
import type { VendorErrorInfo } from '../../shared/errors';
import type { Task } from '../../shared/task';
import { withRow, type TaskRow } from '../../shared/task-row';
import { getApi } from '../api';
import { errorInfo } from '../errors';
import { useApp } from '../state/hooks';
import { runHandled } from '../../shared/detached';

/**
 * The task with its detail: shown at once as last read, then read again from the vendor, and kept
 * current by its list row.
 */
export function useTaskDetail(taskId: string): {
  task: Task | null;
  /** Its list row (null once it has left the list): snooze state and the latest list fields. */
  row: TaskRow | null;
  loading: boolean;
  error: VendorErrorInfo | null;
  reload: () => void;
} {
  const row = useApp((s) => s.data?.tasks.find((task) => task.id === taskId) ?? null);
  const [quick, setQuick] = useState<Task | null>(null);
  const [loaded, setLoaded] = useState<Task | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<VendorErrorInfo | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setQuick(null);
    runHandled(
      getApi()
        .call('tasks:get', { taskId })
        .then((task) => live && setQuick(task))
        // tasks:load below reports what went wrong.
        .catch(() => undefined),
    );
    return () => {
      live = false;
    };
  }, [taskId]);
  useEffect(() => {
    let live = true;
    setLoaded(null);
    setLoading(true);
    setError(null);
    getApi()
      .call('tasks:load', { taskId })
      .then((task) => live && setLoaded(task))
      .catch((e: unknown) => live && setError(errorInfo(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [taskId, attempt]);
  const base = loaded ?? quick;
  const task = useMemo(() => (base ? withRow(base, row) : null), [base, row]);
  return { task, row, loading, error, reload: () => setAttempt((n) => n + 1) };
}
