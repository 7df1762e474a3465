// Waiting for the engine in tests: on its events, never on the wall clock.
import type { Engine, EngineEvents } from '../../electron/core/engine';

/**
 * Resolves with what `check` returns once it is neither undefined, null nor false: checked now,
 * then again at each `event` the engine emits. The test's own timeout bounds the wait.
 */
export function whenEngine<T>(
  engine: Engine,
  event: keyof EngineEvents,
  check: () => T | undefined | null | false,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const look = (): boolean => {
      try {
        const value = check();
        if (value === undefined || value === null || value === false) return false;
        engine.off(event, look);
        resolve(value);
        return true;
      } catch (error) {
        engine.off(event, look);
        reject(error instanceof Error ? error : new Error(String(error)));
        return true;
      }
    };
    if (!look()) engine.on(event, look);
  });
}
