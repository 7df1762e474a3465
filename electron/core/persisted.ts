// Reading persisted state back: validated, defaulted in one place, and a corrupt value kept aside
// and reported instead of crashing the engine.
import type { z } from 'zod';
import { UnreadableStateError, type StateStore } from './ports';

export interface CorruptState {
  key: string;
  /** Where the unreadable value was kept. */
  keptAs: string;
  problem: string;
}

export type CorruptionReporter = (report: CorruptState) => void;

/**
 * The report for state that could not be written: it is kept in memory, not on disk. The one
 * wording of it; main's save-failures recognises it by its prefix.
 */
export function saveFailure(key: string, error: unknown): CorruptState {
  const message = error instanceof Error ? error.message : String(error);
  return { key, keptAs: '', problem: `could not be saved: ${message}` };
}

/**
 * One document of a StateStore, validated: a document that is not JSON or not what the schema
 * says is kept aside and reported, and the fallback used instead.
 */
export async function loadPersisted<T>(
  store: StateStore,
  key: string,
  schema: z.ZodType<T>,
  fallback: () => T,
  onCorrupt: CorruptionReporter,
  now: number,
): Promise<T> {
  let raw: unknown;
  let problem = 'not valid JSON';
  let unreadable = false;
  try {
    raw = await store.read(key);
  } catch (error) {
    if (!(error instanceof UnreadableStateError)) throw error;
    unreadable = true;
  }
  if (!unreadable) {
    if (raw === undefined) return fallback();
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    problem = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
  }
  const keptAs = await store.keepAside(key, now);
  onCorrupt({ key, keptAs, problem });
  return fallback();
}
