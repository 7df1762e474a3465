// Tasktray could not write its settings or its state (a full disk, a folder it may not write):
// said in words, in the user's language, with what to check — apart from unreadable files, which
// are kept aside and reported as such. The engine reports a failed write as a "problem" with
// nothing kept aside (`keptAs` empty); that is how the two are told apart here.
import type { Logger } from '../core/logger';
import type { Translate } from '../../shared/i18n/format';
import {
  SAVE_FAILURE_QUIET_MS,
  saveKind,
  savedWhat,
  shortReason,
  type SaveFailure,
} from '../../shared/save-failures';

export { SAVE_FAILURE_QUIET_MS, saveFailureOf, type SaveFailure } from '../../shared/save-failures';

export function describeSaveFailure(
  failure: SaveFailure,
  t: Translate,
  folder: string,
): { title: string; body: string } {
  return {
    title: t('notification.saveFailed'),
    body: t('notification.saveFailedBody', {
      what: savedWhat(failure.key, t),
      reason: shortReason(failure.reason),
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
    const kind = saveKind(failure.key);
    const last = lastShown.get(kind);
    if (last !== undefined && now() - last < SAVE_FAILURE_QUIET_MS) return;
    lastShown.set(kind, now());
    const { title, body } = describeSaveFailure(failure, deps.translate(), deps.folder(failure));
    deps.notify(title, body);
  };
}
