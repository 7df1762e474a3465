// Property tests of the workflowsvc normalisers: generated runs, odd values included.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  LogPageSchema,
  RunPageSchema,
  RunSchema,
  describeWorkflowSvcError,
  formFields,
  logInstant,
  normaliseLogs,
  normaliseTask,
  openTasksOfRun,
  taskStatus,
  vendorInstant,
  type NormaliseContext,
} from '../../electron/core/adapters/workflowsvc';
import { TaskFieldSchema, TaskSchema } from '../../shared/task';

const ME = 'user-3f1c';
const OTHER = 'user-9a2e';
const NOW = Date.UTC(2026, 2, 12, 9, 0, 0);
const RUNS = { numRuns: 200 };

const ctx: NormaliseContext = {
  accountId: 'twinit-1',
  userId: ME,
  overdueAfterHours: 48,
  nowMs: NOW,
  origin: 'https://api.invicara.com',
  nsfilter: 'demo_ns',
};

const idArb = fc.oneof(
  fc.uuid(),
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 200n }).map(String), // huge ids, as strings
  fc.string({ minLength: 1, maxLength: 20 }),
);

/** A well-formed workflowsvc time: nanoseconds, Z. */
const nanoTimeArb = fc
  .tuple(
    fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
    fc.integer({ min: 0, max: 999_999 }),
  )
  .map(([ms, sub]) => new Date(ms).toISOString().replace('Z', `${String(sub).padStart(6, '0')}Z`));

const oddTimeArb = fc.oneof(
  nanoTimeArb,
  fc.constant(null),
  fc.constant(''),
  fc.constant('2026-03-10 17:26:08'), // no zone
  fc.constant('2026-02-24T02:32:22.148605220+05:30'),
  fc.constant('+010000-01-01T00:00:00Z'), // beyond year 9999
  fc.constant('not a time'),
  fc.integer({ min: -1e16, max: 1e16 }), // epoch ms, some far out of range
  fc.string(),
);

const timeoutArb = fc.oneof(
  fc.constant(null),
  fc.constant(0),
  fc.integer({ min: 1, max: 30 * 86_400 }),
  fc.integer({ min: -1000, max: -1 }),
  fc.constant(1e20),
  fc.integer({ min: 1, max: 86_400 }).map(String),
);

const formArb = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 8 }),
  fc.oneof(
    fc.record(
      {
        type: fc.constantFrom('string', 'number', 'integer', 'boolean', 'object', 'array'),
        enum: fc.array(fc.string(), { minLength: 1, maxLength: 3 }),
        format: fc.constantFrom('date', 'date-time', 'binary', 'email'),
        title: fc.string(),
        description: fc.string(),
        required: fc.boolean(),
        default: fc.jsonValue(),
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue(),
  ),
);

const taskArb = fc.record(
  {
    _id: idArb,
    _name: fc.option(fc.string(), { nil: null }),
    _sequenceno: fc.integer({ min: 0, max: 20 }),
    _type: fc.constantFrom(
      'USER_INPUT',
      'REST_CONNECTOR',
      'SCRIPT_EXECUTION',
      'SWITCH',
      'DO_WHILE',
    ),
    _status: fc.oneof(
      fc.constantFrom('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'TIMED_OUT'),
      fc.string(),
    ),
    _inputParams: fc.oneof(fc.constant(null), fc.record({ _userInput: formArb })),
    _userInputPermissions: fc.array(
      fc.record({ _userType: fc.constantFrom('user', 'group'), _id: fc.constantFrom(ME, OTHER) }),
      { maxLength: 3 },
    ),
    _createdAt: oddTimeArb,
    _updatedAt: oddTimeArb,
    _timeoutSeconds: timeoutArb,
  },
  { requiredKeys: ['_id', '_type', '_status'] },
);

const runArb = fc.record(
  {
    _id: idArb,
    _name: fc.string(),
    _tasks: fc.uniqueArray(taskArb, { maxLength: 6, selector: (t) => t._id }),
    _status: fc.constantFrom('RUNNING', 'COMPLETED'),
    _timeoutSeconds: timeoutArb,
    _createdAt: oddTimeArb,
    _updatedAt: oddTimeArb,
  },
  { requiredKeys: ['_id', '_tasks'] },
);

const ms = (instant: string) => Temporal.Instant.from(instant).epochMilliseconds;

describe('workflowsvc normalisers (properties)', () => {
  it('every step of every run becomes a valid Task with its ids intact', () => {
    fc.assert(
      fc.property(runArb, (record) => {
        const run = RunSchema.parse(record);
        for (const task of run._tasks ?? []) {
          const normalised = normaliseTask(run, task, ctx);
          const out = TaskSchema.parse(normalised);
          // Unchanged by its own schema, as a persisted snapshot or IPC will read it.
          expect(out).toStrictEqual(normalised);
          expect(out.vendorTaskId).toBe(task._id);
          expect(out.id).toBe(`${ctx.accountId}:${task._id}`);
          expect(out.locator).toEqual({ workflowId: record._id });
        }
      }),
      RUNS,
    );
  });

  it('lists exactly the waiting USER_INPUT steps this user may answer', () => {
    const terminal = new Set(['COMPLETED', 'FAILED', 'TIMED_OUT']);
    fc.assert(
      fc.property(runArb, (record) => {
        const run = RunSchema.parse(record);
        const expected = record._tasks
          .filter(
            (t) =>
              t._type === 'USER_INPUT' &&
              !terminal.has(t._status.toUpperCase()) &&
              (t._userInputPermissions ?? []).some((p) => p._userType === 'user' && p._id === ME),
          )
          .map((t) => t._id);
        expect(openTasksOfRun(run, ctx).map((t) => t.vendorTaskId)).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('computes overdue consistently with dueAt, timeouts and the age limit', () => {
    fc.assert(
      fc.property(runArb, fc.integer({ min: 0, max: 400 * 86_400_000 }), (record, later) => {
        const run = RunSchema.parse(record);
        for (const task of run._tasks ?? []) {
          const out = normaliseTask(run, task, ctx);
          if (out.dueAt !== null) {
            expect(out.overdue).toBe(ms(out.dueAt) <= NOW);
            expect(out.createdAt).not.toBeNull();
          } else if (out.overdue) {
            expect(ms(out.createdAt ?? '') + 48 * 3_600_000).toBeLessThanOrEqual(NOW);
          }
          if (out.status === 'completed') expect(out.overdue).toBe(false);
          // Once overdue, it stays overdue as time passes.
          const afterwards = normaliseTask(run, task, { ...ctx, nowMs: NOW + later });
          if (out.overdue) expect(afterwards.overdue).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('puts the deadline exactly at created + timeout for well-formed times', () => {
    fc.assert(
      fc.property(
        nanoTimeArb,
        fc.option(fc.integer({ min: 1, max: 30 * 86_400 }), { nil: null }),
        fc.option(fc.integer({ min: 1, max: 30 * 86_400 }), { nil: null }),
        (created, taskTimeout, runTimeout) => {
          const run = RunSchema.parse({
            _id: 'run',
            _timeoutSeconds: runTimeout,
            _tasks: [
              {
                _id: 'step',
                _type: 'USER_INPUT',
                _status: 'RUNNING',
                _createdAt: created,
                _timeoutSeconds: taskTimeout,
                _userInputPermissions: [{ _userType: 'user', _id: ME }],
              },
            ],
          });
          const out = normaliseTask(run, run._tasks?.[0] as never, ctx);
          const createdNs = Temporal.Instant.from(created).epochNanoseconds;
          expect(Temporal.Instant.from(out.createdAt ?? '').epochNanoseconds).toBe(createdNs);
          const timeout = taskTimeout ?? runTimeout;
          if (timeout === null) {
            expect(out.dueAt).toBeNull();
            expect(out.overdue).toBe(ms(created) + 48 * 3_600_000 <= NOW);
          } else {
            const dueNs = createdNs + BigInt(timeout) * 1_000_000_000n;
            expect(Temporal.Instant.from(out.dueAt ?? '').epochNanoseconds).toBe(dueNs);
            expect(out.overdue).toBe(ms(out.dueAt ?? '') <= NOW);
          }
        },
      ),
      RUNS,
    );
  });

  it('turns any form description into valid fields, and never fails on it', () => {
    fc.assert(
      fc.property(fc.oneof(formArb, fc.jsonValue()), (form) => {
        const fields = formFields({ _userInput: form });
        expect(() => TaskFieldSchema.array().parse(fields)).not.toThrow();
        for (const field of fields) {
          if (field.type === 'select') expect(field.options.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  it('maps unknown statuses to other', () => {
    fc.assert(
      fc.property(fc.string(), (status) => {
        const known: Record<string, string> = {
          QUEUED: 'open',
          RUNNING: 'open',
          COMPLETED: 'completed',
        };
        expect(taskStatus(status)).toBe(known[status.toUpperCase()] ?? 'other');
      }),
      RUNS,
    );
  });

  it('reads any log time as UTC or null, never throwing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ timestamp: oddTimeArb, level: fc.string(), message: fc.jsonValue() })),
        (lines) => {
          const page = LogPageSchema.parse({ _offset: 0, _pageSize: 10, _total: 1, _list: lines });
          const logs = normaliseLogs(page.items);
          expect(() => TaskSchema.shape.logs.parse(logs)).not.toThrow();
        },
      ),
      RUNS,
    );
  });
});

describe('workflowsvc normalisers (examples)', () => {
  it('keeps all nine fractional digits of a timestamp', () => {
    expect(vendorInstant('2026-02-24T02:32:22.148605220Z')).toBe('2026-02-24T02:32:22.14860522Z');
    expect(logInstant('2026-03-10 17:26:08')).toBe('2026-03-10T17:26:08Z');
    expect(vendorInstant('+010000-01-01T00:00:00Z')).toBeNull();
    expect(vendorInstant('2026-03-10 17:26:08')).toBeNull(); // no zone: not an instant
  });

  it('is not overdue a moment before a fractional age limit (regression)', () => {
    // Found by reasoning, not by a seed: created + limit was rounded down to a whole millisecond,
    // so a step 0.0001 ms short of its limit counted as overdue.
    const created = Date.parse('2096-10-02T07:06:40.000Z');
    const run = RunSchema.parse({
      _id: 'run',
      _tasks: [
        {
          _id: 'step',
          _type: 'USER_INPUT',
          _status: 'RUNNING',
          _createdAt: '2096-10-02T07:06:40.000Z',
          _userInputPermissions: [{ _userType: 'user', _id: ME }],
        },
      ],
    });
    const step = run._tasks?.[0] as never;
    const limit = { ...ctx, overdueAfterHours: (3_599_999 + 0.0001) / 3_600_000 };
    expect(normaliseTask(run, step, { ...limit, nowMs: created + 3_599_999 }).overdue).toBe(false);
    expect(normaliseTask(run, step, { ...limit, nowMs: created + 3_600_000 }).overdue).toBe(true);
  });

  it('is strict about ids and tasks, lenient about the rest', () => {
    expect(
      RunSchema.safeParse({ _id: 'r', _tasks: [{ _type: 'USER_INPUT', _status: 'RUNNING' }] })
        .success,
    ).toBe(false);
    expect(RunSchema.safeParse({ _id: 2 ** 53 + 2, _tasks: [] }).success).toBe(false);
    expect(RunSchema.safeParse({ _id: 'r', _tasks: 'none' }).success).toBe(false);
    const lenient = RunSchema.parse({
      _id: 42,
      _status: 7,
      _createdAt: { odd: true },
      _tasks: [
        { _id: 'a', _type: 'USER_INPUT', _status: 'WEIRD', _userInputPermissions: [1, null] },
      ],
    });
    expect(lenient._id).toBe('42');
    expect(lenient._status).toBeNull();
  });

  it('reads v5.1 envelopes, v5.0 `_count` envelopes and bare arrays', () => {
    const run = { _id: 'r', _tasks: [] };
    expect(
      RunPageSchema.parse({ _offset: 0, _pageSize: 10, _total: 7, _list: [run] }),
    ).toMatchObject({ total: 7 });
    expect(RunPageSchema.parse({ _count: 1, _list: [run] })).toMatchObject({ total: null });
    expect(RunPageSchema.parse([run]).items).toHaveLength(1);
  });

  it('reads the message and field problems of an error body', () => {
    expect(
      describeWorkflowSvcError(400, {
        error: 'Bad Request',
        message: 'Invalid user input',
        errors: [
          { field: 'reviewDate', message: 'must be a date' },
          { path: ['a', 'b'], msg: 'bad' },
          { path: ['_userInput', 'approved'], msg: 'is required' },
        ],
      }),
    ).toEqual({
      message: 'Invalid user input',
      vendorCode: 'Bad Request',
      fields: [
        { field: 'reviewDate', message: 'must be a date' },
        { field: 'a.b', message: 'bad' },
        // The form's own field name, as the windows know it.
        { field: 'approved', message: 'is required' },
      ],
    });
    expect(describeWorkflowSvcError(400, { error: 'invalid_grant' })).toMatchObject({
      message: 'invalid_grant',
    });
  });

  it('maps the form keywords to field types', () => {
    const fields = formFields({
      _userInput: {
        type: 'object',
        properties: {
          when: { type: 'string', format: 'date-time', title: 'When' },
          count: { type: ['integer', 'null'] },
          ok: { type: 'boolean', default: true },
        },
        required: ['when'],
      },
    });
    expect(fields.map((f) => [f.name, f.type, f.required, f.label, f.value])).toEqual([
      ['when', 'date', true, 'When', null],
      ['count', 'number', false, 'count', null],
      ['ok', 'boolean', false, 'ok', true],
    ]);
  });
});
