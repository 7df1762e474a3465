// The built-in demo runs only while it is shown: its simulator starts when the user has no
// account of their own, stops (its port closed) as soon as they add one, and starts again — on a
// fresh simulator, with its demo accounts — when they remove the last one.
import type { DemoAccounts } from '../app/app-service';
import type { RunningDemo } from '../simulator/demo';
import { toDemoAccounts } from '../app/demo-accounts';

export interface DemoLifecycle {
  /** The demo's accounts and secrets while it runs, else null. */
  accounts(): DemoAccounts | null;
  /** The running simulator, or null while stopped. */
  running(): RunningDemo | null;
  /**
   * Brings the demo in line with the user's accounts: stopped while they have any, started while
   * they have none. Says what it changed; calls made meanwhile wait their turn.
   */
  sync(hasRealAccounts: boolean): Promise<'started' | 'stopped' | null>;
  stop(): Promise<void>;
}

export async function startDemoWhileShown(
  hasRealAccounts: boolean,
  start: () => Promise<RunningDemo>,
): Promise<DemoLifecycle> {
  let run: RunningDemo | null = null;
  let accounts: DemoAccounts | null = null;
  let stopped = false;
  const begin = async () => {
    const started = await start();
    if (stopped) {
      await started.stop(); // quit while it was starting
      return;
    }
    run = started;
    accounts = await toDemoAccounts(started.accounts);
  };
  const end = async () => {
    const stopping = run;
    run = null;
    accounts = null;
    await stopping?.stop();
  };
  if (!hasRealAccounts) await begin();
  let queue: Promise<unknown> = Promise.resolve();
  const sync = (hasReal: boolean) => {
    const next = queue.then(async (): Promise<'started' | 'stopped' | null> => {
      if (stopped) return null;
      if (hasReal && run !== null) {
        await end();
        return 'stopped';
      }
      if (!hasReal && run === null) {
        await begin();
        return run === null ? null : 'started';
      }
      return null;
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    accounts: () => accounts,
    running: () => run,
    sync,
    stop: async () => {
      stopped = true;
      await queue;
      await end();
    },
  };
}
