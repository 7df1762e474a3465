// A file that cannot be read is never lost: it is kept beside itself under one kind of name,
// `<file>.corrupt-<UTC time>`, whichever store opened it (settings, config, sessions, state).
import { renameSync } from 'node:fs';

/** `settings.json.corrupt-2025-01-02T03-04-05-000Z`: sorts by time, valid on every file system. */
export function keptAsideName(path: string, now: number): string {
  return `${path}.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
}

export interface OpenedKeepingAside<S> {
  store: S;
  /** Where an unreadable file was kept, or null. */
  keptAside: string | null;
}

/**
 * Opens a JSON-file store with `open`; when the file is not JSON (`open` throws a SyntaxError),
 * moves it aside and opens a fresh one.
 */
export function openKeepingAside<S>(
  path: string,
  open: () => S,
  now: number = Date.now(),
): OpenedKeepingAside<S> {
  try {
    return { store: open(), keptAside: null };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const keptAside = keptAsideName(path, now);
    renameSync(path, keptAside);
    return { store: open(), keptAside };
  }
}
