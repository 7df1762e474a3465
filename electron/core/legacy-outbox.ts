// Earlier versions kept the whole engine state in one `<dir>/state.json` (conf in the CLI,
// electron-store in the app), the outbox under its `outbox` key. The folder store replaced it; at
// the first start with the folder store, the completions and reassignments still waiting there
// are imported once, then the old file is renamed out of the way. Seen alerts and task lists are
// not imported: the engine rebuilds them. A file that cannot be read is kept aside and reported,
// never dropped.
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { OutboxItemSchema, type OutboxItem } from '../../shared/outbox';
import type { StateStore } from './ports';

export const LEGACY_STATE_FILE = 'state.json';

const LegacyStateSchema = z.looseObject({
  outbox: z.object({ version: z.literal(1), items: z.array(OutboxItemSchema) }).optional(),
});

export type LegacyImport =
  | { kind: 'none' }
  /** `imported`: the items now in the folder store; the old file was renamed to `movedTo`. */
  | { kind: 'imported'; imported: number; path: string; movedTo: string }
  /** The old file could not be read: nothing was imported, and it was kept as `keptAs`. */
  | { kind: 'unreadable'; path: string; keptAs: string; problem: string };

function isMissing(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function problemOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Items worth carrying over: not yet landed. An attempt cut short by the old version is queued again. */
function toImport(items: OutboxItem[]): OutboxItem[] {
  return items
    .filter((item) => item.state !== 'done')
    .map((item) => (item.state === 'sending' ? { ...item, state: 'pending' as const } : item));
}

/**
 * Imports the outbox of `<dir>/state.json` into `store` (items it already has are left as they
 * are), once: the file is renamed afterwards. Several processes may start at once: a claim keeps
 * the import to one of them.
 */
export async function importLegacyOutbox(
  dir: string,
  store: StateStore,
  now: number,
): Promise<LegacyImport> {
  const path = join(dir, LEGACY_STATE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return { kind: 'none' };
    throw error;
  }
  const release = await store.claim('legacy-state-import');
  if (!release) return { kind: 'none' }; // Another process is importing it.
  try {
    // Read again under the claim: another process may have imported and moved it meanwhile.
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (isMissing(error)) return { kind: 'none' };
      throw error;
    }
    let raw: unknown;
    let problem: string | null = null;
    try {
      raw = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      problem = `not valid JSON (${(error as Error).message})`;
    }
    const parsed = problem === null ? LegacyStateSchema.safeParse(raw) : null;
    if (parsed && !parsed.success) problem = problemOf(parsed.error);
    if (problem !== null || !parsed?.success) {
      const keptAs = `${path}.corrupt-${now}`;
      await rename(path, keptAs);
      return { kind: 'unreadable', path, keptAs, problem: problem ?? 'unreadable' };
    }
    const items = toImport(parsed.data.outbox?.items ?? []);
    const known = new Set(await store.list('outbox'));
    let imported = 0;
    for (const item of items) {
      const key = `outbox/${item.id}`;
      if (known.has(key)) continue;
      await store.write(key, item);
      imported += 1;
    }
    const movedTo = `${path}.imported-${now}`;
    await rename(path, movedTo);
    return { kind: 'imported', imported, path, movedTo };
  } finally {
    await release();
  }
}
