// Property tests of the Maxsight normalisers: any record Maxsight might send becomes a valid Task
// with its ids intact and a consistent overdue flag, or a `malformed` error — never a crash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MaxsightAccountSchema } from '../../shared/account';
import { TaskSchema, type JsonValue } from '../../shared/task';
import {
  buildAssignmentUpdate,
  buildMyTasksSearch,
  describeMaxsightError,
  isMaxsightOverdue,
  mapMaxsightStatus,
  normaliseMaxsightTask,
  type NormaliseContext,
} from '../../electron/core/adapters/maxsight';
import { VendorError } from '../../electron/core/vendor-error';
import { renderMaxsightTask } from '../../electron/simulator/vendors/maxsight';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SimWorld } from '../../electron/simulator/world';
import { withoutProtoKeys } from '../helpers/json';

const RUNS = { numRuns: 200 };
const HOUR = 3_600_000;
const account = MaxsightAccountSchema.parse({
  id: 'mx-prop',
  name: 'Maxsight',
  vendor: 'maxsight',
  baseUrl: 'https://api.eu.maxsight.com/v5',
  userId: '73c0fde6-eb34-47d5-8ccc-1b1d0aa325b6',
  webUrl: 'https://app.maxsight.example',
});

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const idArb = fc.oneof(
  fc.uuid(),
  fc.uuid().map((id) => id.toUpperCase()),
  fc.bigInt({ min: 2n ** 53n, max: 10n ** 30n }).map(String), // huge numeric ids stay strings
  fc.string({ minLength: 1, maxLength: 40 }),
);

const isoArb = fc
  .date({
    min: new Date('1970-01-01T00:00:00Z'),
    max: new Date('2100-01-01T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString());

const timestampArb = fc.oneof(
  isoArb,
  isoArb.map((iso) => iso.replace(/\.\d{3}Z$/, 'Z')), // the seed's form: no fraction
  isoArb.map((iso) => iso.replace('Z', '+05:30')),
  isoArb.map((iso) => iso.replace('Z', '-0800')),
  isoArb.map((iso) => iso.replace(/\.\d{3}Z$/, '.123456789Z')), // nanoseconds
  isoArb.map((iso) => iso.replace(' ', 'T').replace('T', ' ')), // space separator
  isoArb.map((iso) => iso.replace('Z', '')), // no zone: not an instant
  fc.constantFrom('+010000-01-01T00:00:00Z', '2019-02-30T10:00:00Z', '', 'yesterday'),
  fc.string({ maxLength: 30 }),
);

const statusArb = fc.oneof(
  fc.constantFrom('INCOMPLETE', 'incomplete', 'COMPLETED_PASS', 'COMPLETED_FAIL', 'CANCELLED'),
  fc.string({ maxLength: 20 }),
);

const assignmentArb = opt(
  fc.record(
    {
      assigned_by_id: opt(fc.uuid()),
      assigned_to_id: opt(idArb),
      assigned_to_type: opt(fc.oneof(fc.constantFrom('USER', 'TEAM', 'team'), fc.string())),
      assignment_comment: opt(fc.string({ maxLength: 60 })),
    },
    { requiredKeys: [], noNullPrototype: true },
  ),
);

const recordArb = fc.record(
  {
    id: idArb,
    status: statusArb,
    c_name: opt(fc.string({ maxLength: 40 })),
    name: opt(fc.string({ maxLength: 40 })),
    step_name: opt(fc.string({ maxLength: 40 })),
    assignment: assignmentArb,
    entity_id: opt(idArb),
    assessment_id: opt(fc.uuid()),
    workflow_instance_id: opt(fc.uuid()),
    locked_at: opt(timestampArb),
    data_version: opt(fc.integer({ min: 0 })),
    created_at: opt(timestampArb),
    updated_at: opt(timestampArb),
    custom_metadata: opt(fc.jsonValue({ maxDepth: 2 })),
  },
  { requiredKeys: ['id', 'status'], noNullPrototype: true },
);

const nowArb = fc.integer({ min: 0, max: Date.parse('2101-01-01T00:00:00Z') });
const hoursArb = fc.oneof(
  fc.integer({ min: 1, max: 24 * 365 }),
  fc.double({ min: 0.01, max: 1e4, noNaN: true }),
);

function context(nowMs: number, overdueAfterHours: number): NormaliseContext {
  return { account: { ...account, overdueAfterHours }, nowMs, detailLoaded: true };
}

describe('Maxsight normaliser properties', () => {
  it('turns any record into a valid Task with its ids exactly and a consistent overdue flag', () => {
    fc.assert(
      fc.property(recordArb, nowArb, hoursArb, (record, nowMs, hours) => {
        const raw = record as JsonValue;
        const normalised = normaliseMaxsightTask(raw, context(nowMs, hours));
        const task = TaskSchema.parse(normalised);
        // Unchanged by its own schema, as a persisted snapshot or IPC will read it.
        expect(task).toStrictEqual(normalised);
        expect(task.vendorTaskId).toBe(record.id);
        expect(task.id).toBe(`mx-prop:${record.id}`);
        expect(task.raw).toStrictEqual(withoutProtoKeys(raw));
        expect(task.webUrl).toBe(
          `https://app.maxsight.example/tasks/${encodeURIComponent(record.id)}`,
        );
        expect(task.status).toBe(mapMaxsightStatus(record.status));
        expect(task.completion.kind).toBe('none');
        const toId = record.assignment?.assigned_to_id;
        if (toId) expect(task.assignee?.id ?? task.group?.id).toBe(toId);
        if (record.updated_at) expect(task.locator.updatedAt).toBe(record.updated_at);

        const createdMs = task.createdAt === null ? null : Date.parse(task.createdAt);
        if (createdMs !== null && record.created_at) {
          // The instant kept is the one sent (to the millisecond).
          const sent = Date.parse(record.created_at.replace(' ', 'T'));
          if (!Number.isNaN(sent)) expect(createdMs).toBe(sent);
        }
        const expected =
          (task.status === 'open' || task.status === 'in_progress') &&
          createdMs !== null &&
          nowMs - createdMs > hours * HOUR;
        expect(task.overdue).toBe(expected);
      }),
      RUNS,
    );
  });

  it('keeps a blank assignee id exactly as sent (regression)', () => {
    // Counterexample: the id went through the blank-text filter meant for titles and was lost.
    const record = {
      id: '00000000-0000-1000-8000-000000000000',
      status: '',
      assignment: { assigned_to_id: ' ' },
    };
    const task = TaskSchema.parse(normaliseMaxsightTask(record, context(0, 0.01)));
    expect(task.vendorTaskId).toBe(record.id);
    expect(task.assignee).toEqual({ id: ' ', name: ' ' });
    expect(task.group).toBeNull();
    expect(task.overdue).toBe(false);
  });

  it('calls a task older than a fractional age limit overdue, however little older (regression)', () => {
    // Counterexample (by reasoning, not by a seed): created + limit was rounded to created + 1 h,
    // so a task 0.0001 ms past its limit was not overdue.
    const hours = (HOUR - 0.0001) / HOUR;
    const createdMs = Date.parse('2096-10-02T07:06:40.000Z');
    const record = { id: 'x', status: 'INCOMPLETE', created_at: '2096-10-02T07:06:40.000Z' };
    expect(normaliseMaxsightTask(record, context(createdMs + HOUR, hours)).overdue).toBe(true);
    expect(normaliseMaxsightTask(record, context(createdMs + HOUR - 1, hours)).overdue).toBe(false);
  });

  it('never un-marks a task as overdue as time passes', () => {
    fc.assert(
      fc.property(recordArb, nowArb, fc.nat(), hoursArb, (record, nowMs, later, hours) => {
        const at = (ms: number) => normaliseMaxsightTask(record as JsonValue, context(ms, hours));
        if (at(nowMs).overdue) expect(at(nowMs + later).overdue).toBe(true);
      }),
      RUNS,
    );
  });

  it('answers a missing id or a wrong type with malformed, never a half-filled task', () => {
    const breakers: [string, (r: Record<string, unknown>) => void][] = [
      ['no id', (r) => delete r.id],
      ['empty id', (r) => (r.id = '')],
      ['numeric id', (r) => (r.id = 42)],
      ['no status', (r) => delete r.status],
      ['numeric status', (r) => (r.status = 1)],
      ['text version', (r) => (r.data_version = '3')],
      ['assignment as text', (r) => (r.assignment = 'USER')],
      ['numeric assignee', (r) => (r.assignment = { assigned_to_id: 7 })],
      ['numeric created_at', (r) => (r.created_at = 1566656122)],
    ];
    fc.assert(
      fc.property(recordArb, fc.constantFrom(...breakers), (record, [, breakIt]) => {
        const copy: Record<string, unknown> = { ...record };
        breakIt(copy);
        try {
          normaliseMaxsightTask(copy as JsonValue, context(0, 72));
        } catch (error) {
          expect(error).toBeInstanceOf(VendorError);
          expect((error as VendorError).kind).toBe('malformed');
          return;
        }
        throw new Error('expected malformed');
      }),
      RUNS,
    );
  });

  it('classifies statuses: INCOMPLETE open, COMPLETED_* completed, anything else other', () => {
    fc.assert(
      fc.property(statusArb, (status) => {
        const upper = status.trim().toUpperCase();
        const expected =
          upper === 'INCOMPLETE' ? 'open' : upper.startsWith('COMPLETED') ? 'completed' : 'other';
        expect(mapMaxsightStatus(status)).toBe(expected);
      }),
      RUNS,
    );
  });

  it('is not overdue without a creation time, whatever the clock says', () => {
    fc.assert(
      fc.property(nowArb, hoursArb, (nowMs, hours) => {
        expect(isMaxsightOverdue('open', null, nowMs, hours)).toBe(false);
      }),
      RUNS,
    );
  });

  it('sends ids exactly as given in searches and assignment updates', () => {
    fc.assert(
      fc.property(idArb, opt(fc.string({ minLength: 1 })), fc.boolean(), (id, token, team) => {
        const search = buildMyTasksSearch(id, token);
        expect(search.filter_model.assigned_to_id?.filter).toBe(id);
        expect(search.filter_model.status?.filter).toBe('INCOMPLETE');
        expect(search.page_token).toBe(token ?? undefined);
        const body = buildAssignmentUpdate(account.userId, {
          kind: team ? 'group' : 'user',
          id,
          comment: null,
        });
        expect(body.update.assigned_to_id).toBe(id);
        expect(body.update.assigned_to_type).toBe(team ? 'TEAM' : 'USER');
      }),
      RUNS,
    );
  });

  it('reads any error body without throwing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), fc.jsonValue(), (status, body) => {
        const details = describeMaxsightError(status, body);
        for (const field of details.fields ?? []) {
          expect(typeof field.field).toBe('string');
          expect(typeof field.message).toBe('string');
        }
        if (status === 412) expect(details.kind).toBe('conflict');
      }),
      RUNS,
    );
  });

  it('reads every task the simulator renders (the shared assumptions agree)', () => {
    const world = new SimWorld(() => 1_700_000_000_000);
    fc.assert(
      fc.property(
        fc.record({
          title: fc.string(),
          stepName: fc.string(),
          status: fc.constantFrom('open' as const, 'in_progress' as const, 'completed' as const),
          createdAt: fc.integer({ min: 0, max: 4_000_000_000_000 }),
          team: fc.boolean(),
        }),
        ({ title, stepName, status, createdAt, team }) => {
          const party = { id: 'b1b2c3d4-0000-4000-8000-000000000001', name: 'X' };
          const sim = createSimTask(world, 'maxsight', {
            title,
            stepName,
            status,
            createdAt,
            assignee: team ? null : party,
            group: team ? party : null,
          });
          const raw = JSON.parse(JSON.stringify(renderMaxsightTask(sim))) as JsonValue;
          const task = TaskSchema.parse(normaliseMaxsightTask(raw, context(world.now(), 72)));
          expect(task.vendorTaskId).toBe(sim.id);
          expect(task.createdAt && Date.parse(task.createdAt)).toBe(createdAt);
          expect(task.status).toBe(status === 'completed' ? 'completed' : 'open');
          expect(team ? task.group?.id : task.assignee?.id).toBe(party.id);
        },
      ),
      RUNS,
    );
  });
});
