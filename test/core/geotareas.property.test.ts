// Property tests for the GeoTareas normalisers: any record the vendor may send becomes a valid
// Task with its ids intact, times read in the right zone and overdue computed one way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeOverdue,
  decodeJwt,
  describeGeoTareasError,
  errorFields,
  GeoTaskDetailSchema,
  GeoTaskSchema,
  normalizeDetail,
  normalizeSummary,
  retryAfterFromReset,
  type NormalizeContext,
} from '../../electron/core/adapters/geotareas';
import { parseLocalOrInstant } from '../../electron/core/time';
import { createSimTask } from '../../electron/simulator/task-factory';
import { renderDetail } from '../../electron/simulator/vendors/geotareas-render';
import { SimWorld } from '../../electron/simulator/world';
import { VENDOR_ERROR_KINDS } from '../../shared/errors';
import { instantToMs, TaskSchema, taskId } from '../../shared/task';
import { withoutProtoKeys } from '../helpers/json';

const RUNS = { numRuns: 200 };
const NOW = Date.parse('2026-03-17T12:00:00Z');
const ZONES = ['Europe/Madrid', 'UTC', 'Asia/Kolkata', 'America/Mexico_City', 'Pacific/Chatham'];

/** Ids far past 2^53, as the vendor's BigInt columns produce. */
const bigId = fc.bigInt({ min: 0n, max: 10n ** 25n }).map(String);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const localText = fc
  .record({
    year: fc.integer({ min: 1970, max: 2100 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    fraction: fc.option(fc.integer({ min: 0, max: 999_999 }), { nil: null }),
    sep: fc.constantFrom('T', ' '),
  })
  .map(
    (t) =>
      `${t.year}-${pad(t.month)}-${pad(t.day)}${t.sep}${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}` +
      (t.fraction === null ? '' : `.${pad(t.fraction, 6)}`),
  );

/** Timestamps as a vendor might really send them, and some it should not. */
const stamp = fc.oneof(
  localText,
  localText.map((text) => `${text}Z`),
  localText.map((text) => `${text}+05:30`),
  fc.constantFrom('2026-03-29T02:30:00', '2026-10-25T02:30:00', '2026-02-30T10:00:00', '', 'soon'),
  fc.string(),
);

const party = fc.record({ id: bigId, name: maybe(fc.string()) }, { requiredKeys: ['id'] });

const status = fc.oneof(
  fc.constantFrom('PENDING', 'IN_PROGRESS', 'COMPLETED', 'pending', 'ON_HOLD'),
  fc.string(),
);

const summaryRecord = fc.record(
  {
    id: bigId,
    instance_id: maybe(bigId),
    workflow_name: maybe(fc.string()),
    step_name: maybe(fc.string()),
    status,
    assigned_to_user: maybe(party),
    assigned_to_group: maybe(party),
    entity: maybe(
      fc.record(
        { type: maybe(fc.string()), id: bigId, label: maybe(fc.string()) },
        { requiredKeys: ['id'] },
      ),
    ),
    due_date: maybe(stamp),
    escalated: maybe(fc.boolean()),
    created_at: maybe(stamp),
    unknown_extra: fc.jsonValue(),
  },
  { requiredKeys: ['id', 'status'] },
);

const field = fc.record(
  {
    id: maybe(fc.string()),
    name: fc.string({ minLength: 1 }),
    type: maybe(
      fc.oneof(
        fc.constantFrom('text', 'number', 'date', 'boolean', 'select', 'file', 'TEXT'),
        fc.string(),
      ),
    ),
    required: maybe(fc.boolean()),
    value: fc.jsonValue(),
    label: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    options: fc.oneof(
      fc.array(fc.string()),
      fc.array(
        fc.record({ value: fc.oneof(fc.string(), fc.integer()), label: maybe(fc.string()) }),
      ),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: ['name'] },
);

const detailRecord = fc
  .tuple(
    summaryRecord,
    fc.record(
      {
        step_description: maybe(fc.string()),
        available_results: maybe(
          fc.array(
            fc.record(
              { code: fc.string({ minLength: 1 }), label: maybe(fc.string()) },
              {
                requiredKeys: ['code'],
              },
            ),
            { maxLength: 4 },
          ),
        ),
        fields: maybe(fc.array(field, { maxLength: 4 })),
        previous_steps_data: maybe(
          fc.array(
            fc.record({
              step_name: maybe(fc.string()),
              completed_by: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
              completed_at: maybe(stamp),
              result: maybe(fc.string()),
              captured_data: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
            }),
            { maxLength: 3 },
          ),
        ),
      },
      { requiredKeys: [] },
    ),
  )
  .map(([summary, extra]) => ({ ...summary, ...extra }));

const context = fc.record({
  accountId: fc.constantFrom('geo', 'acc-1'),
  timeZone: fc.constantFrom(...ZONES),
  now: fc.constant(NOW),
  webUrl: fc.constantFrom(null, 'https://demo.geotareas.test/app'),
  vendorOverdue: fc.boolean(),
});

function expectedOverdue(
  statusText: string,
  due: string | null | undefined,
  ctx: NormalizeContext,
) {
  if (statusText.trim().toUpperCase() === 'COMPLETED') return false;
  const dueAt = parseLocalOrInstant(due ?? null, ctx.timeZone);
  return ctx.vendorOverdue || (dueAt !== null && instantToMs(dueAt) <= ctx.now);
}

describe('GeoTareas normalisers', () => {
  it('turn any list record into a valid Task with its ids intact', () => {
    fc.assert(
      fc.property(summaryRecord, context, (record, ctx) => {
        const task = normalizeSummary(GeoTaskSchema.parse(record), ctx);
        expect(TaskSchema.parse(task)).toEqual(task);
        expect(task.vendorTaskId).toBe(record.id);
        expect(task.id).toBe(taskId(ctx.accountId, record.id));
        expect(task.entity?.id ?? null).toBe(record.entity?.id ?? null);
        expect(task.assignee?.id ?? null).toBe(record.assigned_to_user?.id ?? null);
        expect(task.group?.id ?? null).toBe(record.assigned_to_group?.id ?? null);
        expect(task.locator.instanceId ?? null).toBe(record.instance_id || null);
        expect(task.dueAt).toBe(parseLocalOrInstant(record.due_date ?? null, ctx.timeZone));
        expect(task.overdue).toBe(expectedOverdue(record.status, record.due_date, ctx));
        expect(task.escalated).toBe(record.escalated === true);
        expect(task.detailLoaded).toBe(false);
        expect(task.raw).toEqual(withoutProtoKeys(record));
        expect(task.webUrl === null).toBe(ctx.webUrl === null);
      }),
      RUNS,
    );
  });

  it('turn any detail record into a valid Task with results, fields and steps', () => {
    fc.assert(
      fc.property(detailRecord, context, (record, ctx) => {
        const task = normalizeDetail(GeoTaskDetailSchema.parse(record), ctx);
        expect(TaskSchema.parse(task)).toEqual(task);
        expect(task.vendorTaskId).toBe(record.id);
        expect(task.detailLoaded).toBe(true);
        const codes = (record.available_results ?? []).map((r) => r.code);
        expect(task.completion.results.map((r) => r.code)).toEqual(codes);
        expect(task.completion.kind).toBe(codes.length > 0 ? 'results' : 'none');
        if (codes.length > 0) {
          expect(task.completion.fields.map((f) => f.name)).toEqual(
            (record.fields ?? []).map((f) => f.name),
          );
        }
        expect(task.previousSteps).toHaveLength(record.previous_steps_data?.length ?? 0);
        expect(task.overdue).toBe(expectedOverdue(record.status, record.due_date, ctx));
      }),
      RUNS,
    );
  });

  it('keep a Task unchanged by its own schema when an extra holds a "__proto__" key (regression)', () => {
    // Counterexample: JSON.parse makes "__proto__" an own key; `raw` kept it, TaskSchema's records
    // drop it, so the Task changed on its way through its own schema.
    const record = JSON.parse('{"id":"0","status":"","unknown_extra":{"__proto__":null}}');
    const ctx: NormalizeContext = {
      accountId: 'geo',
      timeZone: 'Europe/Madrid',
      now: 1773748800000,
      webUrl: null,
      vendorOverdue: false,
    };
    const task = normalizeDetail(GeoTaskDetailSchema.parse(record), ctx);
    expect(TaskSchema.parse(task)).toStrictEqual(task);
    expect(task.vendorTaskId).toBe('0');
    expect(task.raw).toStrictEqual({ id: '0', status: '', unknown_extra: {} });
    expect(Object.getPrototypeOf(task.raw)).toBe(Object.prototype);
    expect(normalizeSummary(GeoTaskSchema.parse(record), ctx).raw).toStrictEqual(task.raw);
  });

  it('refuse ids that are not strings, and a missing id', () => {
    fc.assert(
      fc.property(
        summaryRecord,
        fc.oneof(fc.integer(), fc.double(), fc.constant(undefined)),
        (record, id) => {
          const broken: Record<string, unknown> = { ...record, id };
          if (id === undefined) delete broken.id;
          expect(GeoTaskSchema.safeParse(broken).success).toBe(false);
        },
      ),
      RUNS,
    );
    expect(GeoTaskSchema.safeParse({ id: '1', status: 'PENDING', escalated: 'yes' }).success).toBe(
      false,
    );
  });

  it('read the simulator’s zone-less times back to the same instant', () => {
    const world = new SimWorld(() => NOW);
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('1990-01-01'), max: Date.parse('2090-01-01') }),
        fc.integer({ min: Date.parse('1990-01-01'), max: Date.parse('2090-01-01') }),
        fc.constantFrom(...ZONES),
        (due, created, zone) => {
          const sim = createSimTask(world, 'geotareas', { dueAt: due, createdAt: created });
          const record = GeoTaskDetailSchema.parse(renderDetail(sim, zone));
          const task = normalizeDetail(record, {
            accountId: 'geo',
            timeZone: zone,
            now: NOW,
            webUrl: null,
            vendorOverdue: false,
          });
          const whole = (ms: number) => Math.floor(ms / 1000) * 1000;
          // Only the repeated hour when clocks go back is ambiguous without a zone.
          expect([0, 3_600_000]).toContain(whole(due) - instantToMs(task.dueAt ?? ''));
          expect([0, 3_600_000]).toContain(whole(created) - instantToMs(task.createdAt ?? ''));
          expect(task.vendorTaskId).toBe(sim.id);
          expect(task.overdue).toBe(instantToMs(task.dueAt ?? '') <= NOW);
        },
      ),
      RUNS,
    );
  });

  it('read known wall-clock times in Europe/Madrid across DST', () => {
    const ctx: NormalizeContext = {
      accountId: 'geo',
      timeZone: 'Europe/Madrid',
      now: NOW,
      webUrl: null,
      vendorOverdue: false,
    };
    const read = (due: string) =>
      normalizeSummary(
        GeoTaskSchema.parse({ id: '674839201748392018', status: 'PENDING', due_date: due }),
        ctx,
      ).dueAt;
    expect(read('2026-03-17T11:30:00')).toBe('2026-03-17T10:30:00Z');
    expect(read('2026-07-17T11:30:00')).toBe('2026-07-17T09:30:00Z');
    expect(read('2026-03-17T11:30:00Z')).toBe('2026-03-17T11:30:00Z');
  });

  it('compute overdue one way: never when completed, else the vendor’s word or a passed due', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('open', 'in_progress', 'completed', 'other'),
        maybe(fc.integer({ min: NOW - 10 * 86_400_000, max: NOW + 10 * 86_400_000 })),
        fc.boolean(),
        (taskStatus, due, vendorSays) => {
          const dueAt = due === null ? null : new Date(due).toISOString();
          const overdue = computeOverdue(taskStatus, dueAt, NOW, vendorSays);
          if (taskStatus === 'completed') expect(overdue).toBe(false);
          else expect(overdue).toBe(vendorSays || (due !== null && due <= NOW));
        },
      ),
      RUNS,
    );
  });
});

describe('GeoTareas errors and tokens', () => {
  it('read field details, or the field a message names', () => {
    expect(
      errorFields('bad', [
        { field: 'result_code', message: 'result_code is required' },
        { field: 'captured_data.importe', message: 'importe must be a number' },
        { field: 'assign_to_group_id', message: 'unknown group' },
      ]),
    ).toEqual([
      { field: 'result', message: 'result_code is required' },
      { field: 'importe', message: 'importe must be a number' },
      { field: 'id', message: 'unknown group' },
    ]);
    expect(errorFields('captured_data.fecha must be a date', undefined)).toEqual([
      { field: 'fecha', message: 'captured_data.fecha must be a date' },
    ]);
    expect(errorFields('Invalid params', 'not a list')).toEqual([]);
    expect(
      describeGeoTareasError(429, {
        success: false,
        data: null,
        error: { code: 'RATE_LIMITED', message: 'slow down' },
      }),
    ).toEqual({ message: 'slow down', vendorCode: 'RATE_LIMITED', kind: 'rate_limited' });
    expect(describeGeoTareasError(500, '<html>')).toEqual({});
  });

  it('read any error code as a known kind or none, never an Object.prototype member', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 400, max: 599 }),
        fc.oneof(
          fc.constantFrom('RATE_LIMITED', 'NOT_FOUND', 'constructor', 'toString', '__proto__'),
          fc.string(),
        ),
        maybe(fc.string()),
        (httpStatus, code, message) => {
          const details = describeGeoTareasError(httpStatus, {
            success: false,
            data: null,
            error: { code, message },
          });
          if (details.kind !== undefined) expect(VENDOR_ERROR_KINDS).toContain(details.kind);
          if (code) expect(details.vendorCode).toBe(code);
        },
      ),
      RUNS,
    );
    // Counterexample: CODE_KINDS["constructor"] found Object, which became the error's kind.
    expect(
      describeGeoTareasError(500, {
        success: false,
        data: null,
        error: { code: 'constructor', message: 'x' },
      }),
    ).toEqual({ message: 'x', vendorCode: 'constructor' });
  });

  it('turn X-RateLimit-Reset into a wait', () => {
    const headers = new Headers({ 'X-RateLimit-Reset': String(Math.ceil(NOW / 1000) + 42) });
    expect(retryAfterFromReset(headers, NOW)).toBe(42_000);
    expect(retryAfterFromReset(new Headers({ 'X-RateLimit-Reset': 'later' }), NOW)).toBeNull();
    expect(retryAfterFromReset(new Headers(), NOW)).toBeNull();
  });

  it('read exp and sub from any JWT, and nothing from junk', () => {
    const enc = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), bigId, (exp, sub) => {
        expect(decodeJwt(`${enc({ alg: 'HS256' })}.${enc({ exp, sub })}.sig`)).toEqual({
          exp,
          sub,
        });
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.string(), (junk) => {
        const decoded = decodeJwt(junk);
        expect(decoded.exp === null || Number.isFinite(decoded.exp)).toBe(true);
      }),
      RUNS,
    );
    expect(decodeJwt(`x.${enc({ exp: 'soon' })}.y`)).toEqual({ exp: null, sub: null });
  });
});
