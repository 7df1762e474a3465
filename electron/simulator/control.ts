// The simulator's control API, for tests and the demo: add tasks, make them overdue or escalated,
// complete them from "elsewhere", inject faults, expire tokens. The simulator runs inside the app,
// where any web page the user opens can reach loopback: every call needs the run's random token
// (a page cannot send an Authorization header cross-origin without a preflight we never answer)
// and a JSON content type (a `text/plain` form post is a "simple" request browsers send blind).
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { VendorIdSchema } from '../../shared/task';
import { bearer, header, json, match, type SimRequest, type SimResponse } from './http-kit';
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

// The scalar fields a vendor handler relies on are checked; the rest is passed through as given.
const AddTaskSchema = z
  .object({
    vendor: VendorIdSchema,
    id: z.string().min(1).optional(),
    title: z.string().optional(),
    workflowName: z.string().optional(),
    stepName: z.string().optional(),
    description: z.string().nullable().optional(),
    status: z.enum(['open', 'in_progress', 'completed']).optional(),
    priority: z.enum(['low', 'normal', 'high', 'critical']).optional(),
    createdAt: z.number().finite().optional(),
    updatedAt: z.number().finite().optional(),
    dueAt: z.number().finite().nullable().optional(),
    escalated: z.boolean().optional(),
  })
  .passthrough();

const TASK_ACTIONS = new Set(['overdue', 'escalate', 'complete', 'reassign-away']);

function toJson(value: unknown): SimJson {
  return JSON.parse(JSON.stringify(value)) as SimJson;
}

function sameSecret(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A control request as the server receives it: refused unless it carries the token and (with a
 * body) a JSON content type; a handler's failure is a 500 answer, never a crashed simulator.
 */
export function handleControlRequest(world: SimWorld, req: SimRequest, token: string): SimResponse {
  if (!sameSecret(bearer(req), token)) {
    return json(401, { message: 'the control API needs `Authorization: Bearer <control token>`' });
  }
  if (req.body !== undefined || req.bodyError !== null) {
    const type = (header(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      return json(415, { message: 'the control API accepts only application/json bodies' });
    }
  }
  if (req.bodyError !== null) return json(400, { message: `invalid JSON: ${req.bodyError}` });
  try {
    return handleControl(world, req);
  } catch (error) {
    return json(500, { message: error instanceof Error ? error.message : String(error) });
  }
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
