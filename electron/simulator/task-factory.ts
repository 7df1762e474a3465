// Makes simulator tasks with vendor-shaped ids and sensible defaults.
import { randomUUID } from 'node:crypto';
import type { VendorId } from '../../shared/task';
import { SIM_USERS, type SimTask, type SimWorld } from './world';

export type SimTaskInput = Partial<Omit<SimTask, 'vendor' | 'completion'>>;

// GeoTareas ids are BigInt strings past 2^53 (9007199254740992): start well above it.
let geoCounter = 674839201748392018n;
let uipathCounter = 58293;

export function newVendorId(vendor: VendorId): string {
  switch (vendor) {
    case 'geotareas':
      geoCounter += 1_000_003n;
      return geoCounter.toString();
    case 'uipath':
      uipathCounter += 1;
      return String(uipathCounter);
    case 'workflowsvc':
    case 'maxsight':
      return randomUUID();
  }
}

export function createSimTask(
  world: SimWorld,
  vendor: VendorId,
  input: SimTaskInput = {},
): SimTask {
  const now = world.now();
  const task: SimTask = {
    vendor,
    id: input.id ?? newVendorId(vendor),
    title: input.title ?? 'Review request',
    workflowName: input.workflowName ?? 'Approval',
    stepName: input.stepName ?? 'Review',
    description: input.description ?? null,
    status: input.status ?? 'open',
    priority: input.priority ?? 'normal',
    createdAt: input.createdAt ?? now,
    updatedAt: input.updatedAt ?? now,
    dueAt: input.dueAt === undefined ? now + 24 * 3600_000 : input.dueAt,
    escalated: input.escalated ?? false,
    assignee: input.assignee === undefined ? { ...SIM_USERS[vendor].me } : input.assignee,
    group: input.group ?? null,
    entity: input.entity ?? null,
    results: input.results ?? [
      { code: 'approved', label: 'Approve' },
      { code: 'rejected', label: 'Reject' },
    ],
    fields: input.fields ?? [],
    previousSteps: input.previousSteps ?? [],
    logs: input.logs ?? [],
    extra: input.extra ?? {},
    completion: null,
  };
  if (vendor === 'workflowsvc' && task.extra.workflowId === undefined)
    task.extra.workflowId = randomUUID();
  if (vendor === 'uipath') {
    task.extra.folderId ??= 4;
    task.extra.taskType ??= 'AppTask';
    task.extra.key ??= randomUUID();
  }
  if (vendor === 'maxsight') task.extra.dataVersion ??= 0;
  return world.put(task);
}
