// A vendor may send any amount of text: what the inbox shows, keeps and alerts with is capped, so
// one runaway record cannot bloat the snapshot, the IPC payloads or a notification.
import type { Task } from '../../shared/task';

export const MAX_TITLE_CHARS = 500;
export const MAX_DESCRIPTION_CHARS = 20_000;

function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function capOrNull(text: string | null, max: number): string | null {
  return text === null ? null : cap(text, max);
}

/** The task with its title, names and description cut to their limits (the same object if none is over). */
export function capTaskText(task: Task): Task {
  if (
    task.title.length <= MAX_TITLE_CHARS &&
    (task.workflowName?.length ?? 0) <= MAX_TITLE_CHARS &&
    (task.stepName?.length ?? 0) <= MAX_TITLE_CHARS &&
    (task.description?.length ?? 0) <= MAX_DESCRIPTION_CHARS
  )
    return task;
  return {
    ...task,
    title: cap(task.title, MAX_TITLE_CHARS),
    workflowName: capOrNull(task.workflowName, MAX_TITLE_CHARS),
    stepName: capOrNull(task.stepName, MAX_TITLE_CHARS),
    description: capOrNull(task.description, MAX_DESCRIPTION_CHARS),
  };
}
