// Quitting: the engine gets a moment to finish what it is sending and save its state, but a vendor
// that never answers must not keep the app from quitting (or the OS from logging out).
import { runHandled } from '../../shared/detached';

/** How long quitting waits for the engine and the demo to stop. */
export const QUIT_TIMEOUT_MS = 5_000;

/** Resolves when every stop settled, or after `timeoutMs`, whichever comes first. */
export async function stopWithin(
  stops: readonly Promise<unknown>[],
  timeoutMs: number,
): Promise<'stopped' | 'timed-out'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs);
  });
  try {
    return await Promise.race([Promise.allSettled(stops).then(() => 'stopped' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface QuitApp {
  on(event: 'before-quit', listener: () => void): unknown;
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/**
 * Holds the first `will-quit` until `cleanUp` is done (or timed out), then quits for real.
 * Returns whether the user is quitting, for windows that hide instead of closing until then.
 */
export function quitCleanly(
  app: QuitApp,
  cleanUp: () => readonly Promise<unknown>[],
  onTimeout: () => void,
  timeoutMs = QUIT_TIMEOUT_MS,
): { isQuitting(): boolean } {
  let quitting = false;
  let cleaned = false;
  let cleaning = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (cleaned) return;
    event.preventDefault();
    if (cleaning) return;
    cleaning = true;
    // stopWithin never rejects: it waits for every stop to settle, or for the timeout.
    runHandled(
      stopWithin(cleanUp(), timeoutMs).then((outcome) => {
        if (outcome === 'timed-out') onTimeout();
        cleaned = true;
        app.quit();
      }),
    );
  });
  return { isQuitting: () => quitting };
}
