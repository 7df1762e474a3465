// The simulator's control API, for tests and the demo: add tasks, make them overdue or escalated,
// complete them from "elsewhere", inject faults, expire tokens.
import { z } from 'zod';
import { VendorIdSchema } from '../../shared/task';
import { json, match, type SimRequest, type SimResponse } from './http-kit';
import { createSimTask, type SimTaskInput } from './task-factory';
import type { SimJson, SimWorld } from './world';

const FaultSchema = z.object({
  vendor: VendorIdSchema.nullable().optional(),
  pathIncludes: z.string().nullable().optional(),
  method: z.string().nullable().optional(),
  kind: z.enum(['status', 'slow', 'malformed', 'drop', 'drop-response', 'rate-limit']),
  status: z.number().int().min(100).max(599).optional(),
  delayMs: z.number().int().nonnegative().optional(),
  retryAfterSec: z.number().int().nonnegative().optional(),
  remaining: z.number().int().positive().optional(),
});

const AddTaskSchema = z.object({ vendor: VendorIdSchema }).passthrough();

const TASK_ACTIONS = new Set(['overdue', 'escalate', 'complete', 'reassign-away']);

function toJson(value: unknown): SimJson {
  return JSON.parse(JSON.stringify(value)) as SimJson;
}

export function handleControl(world: SimWorld, req: SimRequest): SimResponse {
  const { method, path } = req;
  if (method === 'GET' && path === '/tasks') {
    const vendor = req.url.searchParams.get('vendor');
    const tasks = [...world.tasks.values()].filter((t) => !vendor || t.vendor === vendor);
    return json(200, toJson(tasks));
  }
  if (method === 'POST' && path === '/tasks') {
    const parsed = AddTaskSchema.safeParse(req.body);
    if (!parsed.success) return json(400, { message: parsed.error.message });
    const { vendor, ...rest } = parsed.data;
    return json(201, toJson(createSimTask(world, vendor, rest as SimTaskInput)));
  }
  const action = match('/tasks/:vendor/:id/:action', path);
  if (method === 'POST' && action && TASK_ACTIONS.has(action.action as string)) {
    const vendor = VendorIdSchema.safeParse(action.vendor);
    if (!vendor.success || !world.get(vendor.data, action.id as string)) {
      return json(404, { message: 'no such task' });
    }
    const now = world.now();
    const task = world.update(vendor.data, action.id as string, (t) => {
      switch (action.action) {
        case 'overdue':
          t.dueAt = now - 3600_000;
          break;
        case 'escalate':
          t.escalated = true;
          t.priority = 'critical';
          // When it happened, for vendors that show escalation as a dated activity (UiPath).
          t.extra.escalatedAt = now;
          break;
        case 'complete':
          t.status = 'completed';
          t.completion = { by: 'elsewhere', at: now, result: null, data: {}, comment: null };
          break;
        case 'reassign-away':
          t.assignee = null;
          t.group = null;
          break;
      }
    });
    return json(200, toJson(task));
  }
  if (method === 'POST' && path === '/faults') {
    const parsed = FaultSchema.safeParse(req.body);
    if (!parsed.success) return json(400, { message: parsed.error.message });
    const { vendor, pathIncludes, method: m, ...rest } = parsed.data;
    return json(
      201,
      toJson(
        world.addFault({
          ...rest,
          vendor: vendor ?? null,
          pathIncludes: pathIncludes ?? null,
          method: m ?? null,
        }),
      ),
    );
  }
  if (method === 'DELETE' && path === '/faults') {
    world.clearFaults();
    return json(200, { cleared: true });
  }
  if (method === 'POST' && path === '/expire-tokens') {
    const vendor = VendorIdSchema.safeParse((req.body as { vendor?: unknown } | undefined)?.vendor);
    if (!vendor.success) return json(400, { message: 'vendor is required' });
    world.expireTokens(vendor.data);
    return json(200, { expired: vendor.data });
  }
  if (method === 'GET' && path === '/writes') return json(200, toJson(world.writes));
  return json(404, { message: `no control route ${method} ${path}` });
}
