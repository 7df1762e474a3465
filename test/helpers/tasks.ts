// Building vendor-neutral tasks for engine tests.
import { msToInstant } from '../../electron/core/time';
import { TaskSchema, type Task } from '../../shared/task';

export function makeTask(
  accountId: string,
  vendorTaskId: string,
  overrides: Partial<Task> = {},
): Task {
  return TaskSchema.parse({
    id: `${accountId}:${vendorTaskId}`,
    accountId,
    vendor: 'geotareas',
    vendorTaskId,
    locator: {},
    title: `Task ${vendorTaskId}`,
    workflowName: 'Onboarding',
    stepName: 'Review',
    description: null,
    status: 'open',
    rawStatus: 'PENDING',
    priority: null,
    createdAt: null,
    updatedAt: null,
    dueAt: null,
    overdue: false,
    escalated: false,
    assignee: null,
    group: null,
    entity: null,
    webUrl: null,
    completion: { kind: 'results', results: [], fields: [], unavailableReason: null },
    previousSteps: [],
    logs: [],
    detailLoaded: false,
    raw: null,
    ...overrides,
  });
}

export const at = (ms: number) => msToInstant(ms);

/** The vendor's own id of a task id (`account:vendorId`). */
export function vendorIdOf(taskId: string): string {
  return taskId.slice(taskId.indexOf(':') + 1);
}
