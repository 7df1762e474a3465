// Tasktray could not write its settings or its state (a full disk, a folder it may not write):
// said in words, in the user's language, with what to check — apart from unreadable files, which
// are kept aside and reported as such. The engine reports a failed write as a "problem" with
// nothing kept aside (`keptAs` empty); that is how the two are told apart here.
import type { CorruptState } from '../core/persisted';
import type { Logger } from '../core/logger';
import type { MessageKey } from '../../shared/i18n/en';
import type { Translate } from '../../shared/i18n/format';

/** Notifications about failed writes, at most one per kind in this span (a full disk fails often). */
export const SAVE_FAILURE_QUIET_MS = 30 * 60_000;

export interface SaveFailure {
  /** `settings`, or the engine's state key (`seen`, `snapshot/<account>`, `outbox/<id>`, …). */
  key: string;
  reason: string;
}

const WRITE_PROBLEM = /^could not be saved: /;

/** A failed write among the engine's problem reports; null for an unreadable value kept aside. */
export function saveFailureOf(report: CorruptState): SaveFailure | null {
  if (report.keptAs !== '') return null;
  return { key: report.key, reason: report.problem.replace(WRITE_PROBLEM, '') };
}

/** What could not be saved, in words: one message key per kind of state. */
function what(key: string, t: Translate): string {
  const [kind = '', ...rest] = key.split('/');
  const account = rest.join('/');
  const byKind: Record<string, MessageKey> = {
    settings: 'save.what.settings',
    seen: 'save.what.seen',
    outbox: 'save.what.outbox',
    snapshot: 'save.what.tasks',
    budget: 'save.what.budget',
  };
  const code = byKind[kind];
  return code ? t(code, { account }) : t('save.what.other', { key });
}

export function describeSaveFailure(
  failure: SaveFailure,
  t: Translate,
  folder: string,
): { title: string; body: string } {
  return {
    title: t('notification.saveFailed'),
    body: t('notification.saveFailedBody', {
      what: what(failure.key, t),
      reason: failure.reason,
      folder,
    }),
  };
}

/** Logs every failed write and notifies the user — once per kind of state in a quiet span. */
export function saveFailureReporter(deps: {
  notify(title: string, body: string): void;
  logger: Logger;
  translate(): Translate;
  /** The folder that refused the write. */
  folder(failure: SaveFailure): string;
  now?: () => number;
}): (failure: SaveFailure) => void {
  const lastShown = new Map<string, number>();
  const now = deps.now ?? Date.now;
  return (failure) => {
    deps.logger.warn('Tasktray could not save its data', {
      key: failure.key,
      reason: failure.reason,
      folder: deps.folder(failure),
    });
    const kind = failure.key.split('/')[0] ?? failure.key;
    const last = lastShown.get(kind);
    if (last !== undefined && now() - last < SAVE_FAILURE_QUIET_MS) return;
    lastShown.set(kind, now());
    const { title, body } = describeSaveFailure(failure, deps.translate(), deps.folder(failure));
    deps.notify(title, body);
  };
}
