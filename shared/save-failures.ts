// Settings or state the disk would not take (a full disk, a folder Tasktray may not write): what
// it was, in words. Main's notification, the log and the windows' inbox line all say it this way.
// Zod-free, so the windows load it without schemas.
import type { MessageKey, Translate } from './i18n/format';

/** At most one notification per kind of state in this span (a full disk fails often). */
export const SAVE_FAILURE_QUIET_MS = 30 * 60_000;

export interface SaveFailure {
  /** `settings`, or the engine's state key (`seen`, `snapshot/<account>`, `outbox/<id>`, …). */
  key: string;
  reason: string;
}

const WRITE_PROBLEM = /^could not be saved: /;

/**
 * A failed write among the engine's problem reports (core/persisted's saveFailure: nothing kept
 * aside); null for an unreadable value that was kept aside.
 */
export function saveFailureOf(report: {
  key: string;
  keptAs: string;
  problem: string;
}): SaveFailure | null {
  if (report.keptAs !== '') return null;
  return { key: report.key, reason: report.problem.replace(WRITE_PROBLEM, '') };
}

/**
 * The system's reason without the paths it names (`EISDIR: illegal operation on a directory,
 * rename '/…/x.tmp' -> '/…/x.json'` → `EISDIR: illegal operation on a directory`): the folder is
 * said beside it, and the log keeps the whole message.
 */
export function shortReason(reason: string): string {
  return reason.replace(/^(E[A-Z]+: [^,]*), [a-z]+ '.*$/s, '$1');
}

/** The kind of state a key names (`snapshot/acme` → `snapshot`): one notice per kind. */
export function saveKind(key: string): string {
  return key.split('/')[0] ?? key;
}

const WHAT: Record<string, MessageKey> = {
  settings: 'save.what.settings',
  seen: 'save.what.seen',
  outbox: 'save.what.outbox',
  snapshot: 'save.what.tasks',
  budget: 'save.what.budget',
};

/** What could not be saved, in words; `accountName` turns an account id into its name. */
export function savedWhat(
  key: string,
  t: Translate,
  accountName: (accountId: string) => string = (id) => id,
): string {
  const [kind = '', ...rest] = key.split('/');
  const code = WHAT[kind];
  return code ? t(code, { account: accountName(rest.join('/')) }) : t('save.what.other', { key });
}
