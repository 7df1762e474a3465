// Claim or release a task: the detail's button and the inbox's quick action both go through this.
import type { Assignment } from '../../shared/assignment';
import type { Task } from '../../shared/task';
import { getApi } from '../api';
import type { Translate } from '../i18n';

/** Claims or releases the task; resolves to the confirmation to show. */
export async function changeAssignment(
  task: Pick<Task, 'id' | 'title'>,
  assignment: Exclude<Assignment, null>,
  t: Translate,
): Promise<string> {
  if (assignment === 'claimable') {
    await getApi().call('tasks:claim', { taskId: task.id });
    return t('people.claimed', { title: task.title });
  }
  await getApi().call('tasks:release', { taskId: task.id });
  return t('people.released', { title: task.title });
}
