// The built-in demo runs only while it is shown: its simulator starts when the user has no
// account of their own, and stops (its port closed) as soon as they add one.
import type { DemoAccounts } from '../app/app-service';
import type { RunningDemo } from '../simulator/demo';
import { toDemoAccounts } from '../app/demo-accounts';

export interface DemoLifecycle {
  /** The demo's accounts and secrets while it runs; null when the user had accounts at start. */
  readonly accounts: DemoAccounts | null;
  /** The running simulator, or null once stopped (or never started). */
  running(): RunningDemo | null;
  /** Stops the simulator once the user has accounts; true when this call stopped it. */
  retireIf(hasRealAccounts: boolean): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startDemoWhileShown(
  hasRealAccounts: boolean,
  start: () => Promise<RunningDemo>,
): Promise<DemoLifecycle> {
  let run: RunningDemo | null = hasRealAccounts ? null : await start();
  const accounts = run ? await toDemoAccounts(run.accounts) : null;
  const stop = async () => {
    const stopping = run;
    run = null;
    await stopping?.stop();
  };
  return {
    accounts,
    running: () => run,
    retireIf: async (hasReal) => {
      if (!hasReal || run === null) return false;
      await stop();
      return true;
    },
    stop,
  };
}
