// A list one task's vendor gives on asking (who may take it, its comments): read when the task is
// shown, read again on retry, and dropped if the task changes before the answer comes.
import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import type { VendorErrorInfo } from '../../shared/errors';
import type { IpcRequest, IpcResponse } from '../../shared/ipc';
import { getApi } from '../api';
import { errorInfo } from '../errors';

type TaskReadChannel = 'tasks:assignees' | 'tasks:comments';

export function useTaskRead<C extends TaskReadChannel>(
  channel: C,
  taskId: string,
): {
  data: IpcResponse<C> | null;
  setData: Dispatch<SetStateAction<IpcResponse<C> | null>>;
  loadError: VendorErrorInfo | null;
  retry: () => void;
} {
  const [data, setData] = useState<IpcResponse<C> | null>(null);
  const [loadError, setLoadError] = useState<VendorErrorInfo | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setLoadError(null);
    getApi()
      // Both channels take { taskId }; TypeScript cannot see that through the generic C.
      .call(channel, { taskId } as IpcRequest<C>)
      .then((list) => live && setData(list))
      .catch((e: unknown) => live && setLoadError(errorInfo(e)));
    return () => {
      live = false;
    };
  }, [channel, taskId, attempt]);
  return { data, setData, loadError, retry: () => setAttempt((n) => n + 1) };
}
