// Reading persisted state back: validated, defaulted in one place, and a corrupt value kept aside
// and reported instead of crashing the engine.
import type { z } from 'zod';
import type { KeyValueStore } from './ports';

export interface CorruptState {
  key: string;
  /** Where the unreadable value was kept. */
  keptAs: string;
  problem: string;
}

export type CorruptionReporter = (report: CorruptState) => void;

export function readPersisted<T>(
  store: KeyValueStore,
  key: string,
  schema: z.ZodType<T>,
  fallback: () => T,
  onCorrupt: CorruptionReporter,
  now: number,
): T {
  const raw = store.get(key);
  if (raw === undefined) return fallback();
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const keptAs = `corrupt.${key}.${now}`;
  store.set(keptAs, raw);
  store.delete(key);
  const problem = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  onCorrupt({ key, keptAs, problem });
  return fallback();
}
