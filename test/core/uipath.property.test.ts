// Property tests for the UiPath normalisers: any record UiPath might send becomes a valid Task.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TaskSchema, taskId, type JsonValue } from '../../shared/task';
import {
  describeUiPathError,
  ODataTaskSchema,
  TaskDetailSchema,
  normalizeDetail,
  normalizeTask,
  taskKind,
  parseFormLayout,
  toInstant,
  type NormalizeContext,
} from '../../electron/core/adapters/uipath';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const RUNS = { numRuns: 200 };

const ctx: NormalizeContext = {
  accountId: 'uip',
  orchestratorUrl: 'https://cloud.uipath.com/acme/DefaultTenant/orchestrator_',
  now: NOW,
  currentUser: { id: '7', name: 'Avery Stone' },
  completionBlocked: null,
};

const safeId = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
/** Ids as digit strings, far beyond 2^53. */
const hugeId = fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String);
const anyId = fc.oneof(safeId, hugeId);
const idString = (id: number | string) => (typeof id === 'number' ? String(id) : id);

const optional = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof(arb, fc.constant(null), fc.constant(undefined));
const enumLike = (names: string[]) =>
  optional(fc.oneof(fc.constantFrom(...names), fc.string(), fc.integer({ min: -1, max: 5 })));

const date = fc.date({
  min: new Date('1970-01-01T00:00:00Z'),
  max: new Date('2200-01-01T00:00:00Z'),
  noInvalidDate: true,
});
const time = optional(
  fc.oneof(
    date.map((d) => d.toISOString()),
    date.map((d) => d.toISOString().replace('Z', '+02:00')),
    date.map((d) => d.toISOString().replace('Z', '')),
    date.map((d) => d.toISOString().replace(/\.\d{3}Z$/, '.9915069Z')),
    fc.constantFrom(
      '',
      'yesterday',
      '0000-00-00T00:00:00Z',
      '+275760-09-13T00:00:00Z',
      '2024-13-45',
    ),
    fc.string(),
  ),
);

const STATUSES = ['Unassigned', 'Pending', 'Completed'];
const PRIORITIES = ['Low', 'Medium', 'Normal', 'High', 'Critical'];
const SLA = ['OverdueLater', 'OverdueSoon', 'Overdue', 'CompletedInTime'];
const TYPES = ['FormTask', 'ExternalTask', 'AppTask', 'DocumentValidationTask', 'DataLabelingTask'];

const user = fc.record(
  {
    Id: safeId,
    UserName: optional(fc.string()),
    Name: optional(fc.string()),
    Surname: optional(fc.string()),
    EmailAddress: optional(fc.string()),
  },
  { requiredKeys: ['Id'] },
);

const odataRecord = fc.record(
  {
    Id: anyId,
    Key: optional(fc.uuid()),
    Title: optional(fc.string()),
    Type: enumLike(TYPES),
    Priority: enumLike(PRIORITIES),
    Status: enumLike(STATUSES),
    CreationTime: time,
    LastModificationTime: time,
    CompletionTime: time,
    OrganizationUnitId: anyId,
    IsCompleted: optional(fc.boolean()),
    IsDeleted: optional(fc.boolean()),
    AssignedToUserId: optional(anyId),
    AssignedToUser: optional(user),
    TaskSlaDetail: optional(fc.record({ ExpiryTime: time, Status: enumLike(SLA) })),
    Activities: optional(
      fc.array(
        fc.record({
          ActivityType: enumLike(['Created', 'Assigned', 'Reassigned', 'Forwarded', 'Completed']),
          CreationTime: time,
          TargetUserId: optional(safeId),
        }),
        { maxLength: 4 },
      ),
    ),
    TaskCatalogName: optional(fc.string()),
  },
  { requiredKeys: ['Id', 'OrganizationUnitId'] },
);

/** Drops undefined values, as JSON would. */
function asJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const FIELD_COMPONENTS = ['textfield', 'number', 'datetime', 'checkbox', 'select', 'file', 'radio'];
const component = fc.record({
  type: fc.constantFrom(...FIELD_COMPONENTS, 'button', 'content', 'hidden', 'datagrid'),
  // Names Object.prototype has too: a lookup by key must find only what the task carries.
  key: fc.oneof(
    fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/),
    fc.constantFrom('toString', 'constructor', 'valueOf', '__proto__', 'hasOwnProperty'),
  ),
  label: optional(fc.string()),
  action: optional(fc.constantFrom('submit', 'custom', 'reset', 'event')),
  validate: optional(fc.record({ required: optional(fc.boolean()) })),
  defaultValue: optional(fc.jsonValue({ maxDepth: 2 })),
  data: optional(
    fc.record({
      values: fc.array(
        fc.record({ label: fc.string(), value: fc.oneof(fc.string(), fc.integer()) }),
        { maxLength: 3 },
      ),
    }),
  ),
});
const layout = fc.array(component, { maxLength: 8 }).chain((components) =>
  fc.constantFrom(
    { components } as JsonValue,
    {
      components: [{ type: 'columns', key: 'c', input: false, columns: [{ components }] }],
    } as JsonValue,
    JSON.stringify({ components }) as JsonValue,
  ),
);

const detailRecord = fc.record(
  {
    id: anyId,
    title: optional(fc.string()),
    type: enumLike(TYPES),
    status: enumLike(STATUSES),
    priority: enumLike(PRIORITIES),
    taskSlaDetails: optional(
      fc.array(fc.record({ expiryTime: time, status: enumLike(SLA) }), { maxLength: 2 }),
    ),
    creationTime: time,
    data: optional(
      fc.dictionary(
        fc.string(),
        fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
        { maxKeys: 5 },
      ),
    ),
    formLayout: optional(layout),
  },
  { requiredKeys: ['id'] },
);

describe('UiPath normalisers (property)', () => {
  it('turns any list record into a valid Task with its ids kept exactly', () => {
    fc.assert(
      fc.property(odataRecord, (input) => {
        const record = ODataTaskSchema.parse(asJson(input));
        const t = normalizeTask(record, ctx);
        expect(TaskSchema.parse(t)).toEqual(t);
        expect(t.vendorTaskId).toBe(idString(input.Id));
        expect(t.id).toBe(taskId('uip', idString(input.Id)));
        expect(t.locator.folderId).toBe(idString(input.OrganizationUnitId));
        if (input.AssignedToUserId !== null && input.AssignedToUserId !== undefined) {
          expect(t.assignee?.id).toBe(idString(input.AssignedToUserId));
        }
      }),
      RUNS,
    );
  });

  it('computes overdue from the SLA status or a passed expiry, never once completed', () => {
    fc.assert(
      fc.property(odataRecord, (input) => {
        const t = normalizeTask(ODataTaskSchema.parse(asJson(input)), ctx);
        const slaOverdue = input.TaskSlaDetail?.Status === 'Overdue';
        const passed = t.dueAt !== null && Date.parse(t.dueAt) < NOW;
        expect(t.overdue).toBe(t.status !== 'completed' && (slaOverdue || passed));
      }),
      RUNS,
    );
  });

  it('an open task whose expiry has passed is overdue; one due later is not', () => {
    fc.assert(
      fc.property(
        safeId,
        fc.integer({ min: 1, max: 10 ** 10 }),
        fc.constantFrom('Pending', 'Unassigned', 0, 1),
        (id, delta, status) => {
          const base = { Id: id, OrganizationUnitId: 1, Status: status };
          const late = {
            ...base,
            TaskSlaDetail: {
              ExpiryTime: new Date(NOW - delta).toISOString(),
              Status: 'OverdueSoon',
            },
          };
          const early = {
            ...base,
            TaskSlaDetail: {
              ExpiryTime: new Date(NOW + delta).toISOString(),
              Status: 'OverdueLater',
            },
          };
          expect(normalizeTask(ODataTaskSchema.parse(late), ctx).overdue).toBe(true);
          expect(normalizeTask(ODataTaskSchema.parse(early), ctx).overdue).toBe(false);
          const done = { ...late, Status: 'Completed' };
          expect(normalizeTask(ODataTaskSchema.parse(done), ctx).overdue).toBe(false);
        },
      ),
      RUNS,
    );
  });

  it('refuses ids that cannot be kept exactly, and records without an id or folder', () => {
    const unsafe = fc.oneof(
      fc.double({ min: 2 ** 53, max: 1e300, noNaN: true }),
      fc.double({ min: 0.001, max: 1e6, noNaN: true }).filter((n) => !Number.isInteger(n)),
      fc.integer({ max: -1 }),
    );
    const wrongType = fc.oneof(
      fc.boolean(),
      fc.constant({}),
      fc.constant([]),
      fc.string().filter((s) => !/^\d+$/.test(s)),
    );
    fc.assert(
      fc.property(odataRecord, fc.oneof(unsafe, wrongType), (input, bad) => {
        expect(ODataTaskSchema.safeParse({ ...asJson(input), Id: bad }).success).toBe(false);
        expect(
          ODataTaskSchema.safeParse({ ...asJson(input), OrganizationUnitId: bad }).success,
        ).toBe(false);
        const { Id: _id, ...withoutId } = asJson(input);
        expect(ODataTaskSchema.safeParse(withoutId).success).toBe(false);
      }),
      RUNS,
    );
  });

  it('turns any detail into a valid, loaded Task that names its outcomes or says why not', () => {
    fc.assert(
      fc.property(odataRecord, detailRecord, (input, detailInput) => {
        const record = ODataTaskSchema.parse(asJson(input));
        const detail = TaskDetailSchema.parse(asJson({ ...detailInput, id: input.Id }));
        const t = normalizeDetail(record, detail, ctx);
        expect(TaskSchema.parse(t)).toEqual(t);
        expect(t.detailLoaded).toBe(true);
        expect(t.vendorTaskId).toBe(idString(input.Id));
        // App and form tasks complete only with an outcome they named, else in Action Center.
        if (t.completion.kind !== 'none' && taskKind(record.Type) !== 'generic')
          expect(t.completion.results.length).toBeGreaterThan(0);
        if (t.completion.kind === 'none') expect(t.completion.unavailableReason).not.toBeNull();
        const names = t.completion.fields.map((f) => f.name);
        expect(new Set(names).size).toBe(names.length);
        if (t.status === 'completed') expect(t.completion.kind).toBe('none');
      }),
      RUNS,
    );
  });

  it('gives a form field named like an Object.prototype member no inherited value (regression)', () => {
    // Counterexample: the field's value was read as data["toString"], Object.prototype's function.
    const record = ODataTaskSchema.parse({ Id: 0, Type: 'FormTask', OrganizationUnitId: 0 });
    const detail = TaskDetailSchema.parse({
      id: 0,
      formLayout: {
        components: [
          {
            type: 'textfield',
            key: 'toString',
            label: null,
            action: null,
            validate: {},
            data: null,
          },
        ],
      },
    });
    const t = normalizeDetail(record, detail, ctx);
    expect(TaskSchema.parse(t)).toEqual(t);
    expect(t.completion.fields.map((f) => [f.name, f.value])).toEqual([['toString', null]]);
    const filled = TaskDetailSchema.parse({ ...asJson(detail), data: { toString: 'kept' } });
    expect(normalizeDetail(record, filled, ctx).completion.fields[0]?.value).toBe('kept');
  });

  it('reads a layout sent as a string as it reads one sent as an object (regression)', () => {
    // Counterexample: a string layout was read with a bare JSON.parse, so a default value kept an
    // own "__proto__" key that TaskSchema then dropped: the Task changed through its own schema.
    const record = ODataTaskSchema.parse({ Id: 1, Type: 'FormTask', OrganizationUnitId: 2 });
    const text =
      '{"components":[{"type":"textfield","key":"a","defaultValue":{"__proto__":1,"b":2}}]}';
    const fromText = normalizeDetail(
      record,
      TaskDetailSchema.parse({ id: 1, formLayout: text }),
      ctx,
    );
    expect(TaskSchema.parse(fromText)).toEqual(fromText);
    expect(fromText.completion.fields[0]?.value).toStrictEqual({ b: 2 });
    const fromObject = TaskDetailSchema.parse({ id: 1, formLayout: JSON.parse(text) });
    expect(normalizeDetail(record, fromObject, ctx).completion).toStrictEqual(fromText.completion);
  });

  it('keeps form fields in layout order with their required flags; submit buttons are results', () => {
    fc.assert(
      fc.property(fc.array(component, { maxLength: 8 }), (components) => {
        const form = parseFormLayout({ components: asJson(components) as JsonValue[] }, {});
        const seen = new Set<string>();
        const expected = components.filter(
          (c) => FIELD_COMPONENTS.includes(c.type) && !seen.has(c.key) && seen.add(c.key),
        );
        expect(form.fields.map((f) => f.name)).toEqual(expected.map((c) => c.key));
        expect(form.fields.map((f) => f.required)).toEqual(
          expected.map((c) => c.validate?.required === true),
        );
        const buttons = components.filter(
          (c) =>
            c.type === 'button' &&
            (c.action === 'submit' || c.action === 'custom' || c.action == null),
        );
        expect(form.results.map((r) => r.code)).toEqual([...new Set(buttons.map((b) => b.key))]);
        expect(form.unsupported).toEqual(
          components.some((c) => c.type === 'datagrid') ? ['datagrid'] : [],
        );
      }),
      RUNS,
    );
  });

  it('reads times with a zone exactly, and zone-less ones as UTC', () => {
    fc.assert(
      fc.property(date, (d) => {
        const iso = d.toISOString();
        const ms = (text: string) => Date.parse(toInstant(text) ?? 'none');
        expect(ms(iso)).toBe(d.getTime());
        expect(ms(iso.replace('Z', '+02:00'))).toBe(d.getTime() - 2 * 3600_000);
        expect(ms(iso.replace('Z', ''))).toBe(d.getTime());
        expect(toInstant(iso.replace(/\.\d{3}Z$/, '.123456789Z'))).toMatch(/\.123456789Z$/);
      }),
      RUNS,
    );
  });
});

describe('UiPath error bodies', () => {
  it('names the task’s own fields: a form key beneath data, the action as the result', () => {
    expect(
      describeUiPathError(400, {
        message: 'The request is invalid.',
        errors: { 'data.costCentre': ['Cost centre is required.'], Action: 'Unknown action.' },
      }).fields,
    ).toEqual([
      { field: 'costCentre', message: 'Cost centre is required.' },
      { field: 'result', message: 'Unknown action.' },
    ]);
  });
});
