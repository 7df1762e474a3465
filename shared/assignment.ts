// Whose a task is, as far as claiming goes: one rule for the windows' Claim and Release. The engine
// lists the user's own tasks and, where the vendor lets tasks be claimed (capability `claim`), the
// unassigned ones the user may take. Zod-free, so the windows load it without schemas.
import type { AdapterCapabilities } from './capabilities';
import type { Task } from './task';

/**
 * `claimable`: open, held by nobody, and the vendor can give it to the user (Claim);
 * `mine`: open and held by the user, and the vendor can take it back (Release);
 * null: claiming does not apply (the vendor cannot, or the task is not open).
 */
export type Assignment = 'claimable' | 'mine' | null;

export function assignmentOf(
  task: Pick<Task, 'status' | 'assignee'>,
  capabilities: Pick<AdapterCapabilities, 'claim'> | undefined,
): Assignment {
  if (!capabilities?.claim || task.status !== 'open') return null;
  return task.assignee === null ? 'claimable' : 'mine';
}

/**
 * Whether completing the task takes a claim first. A vendor that lets tasks be claimed lets only
 * the assignee complete one (UiPath Action Center), so an unassigned task is claimed, then
 * completed — never sent as it is, to be refused. The windows label Submit "Claim and submit",
 * the engine claims before it queues the completion (and refuses one the user did not ask to
 * claim), and the CLI asks for `--claim` or `tasktray claim` first: one rule, here.
 */
export function claimsBeforeCompleting(
  task: Pick<Task, 'status' | 'assignee'>,
  capabilities: Pick<AdapterCapabilities, 'claim'> | undefined,
): boolean {
  return assignmentOf(task, capabilities) === 'claimable';
}
