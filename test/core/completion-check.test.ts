import { describe, expect, it } from 'vitest';
import { assertCompletable, completionErrors } from '../../electron/core/completion-check';
import { VendorError } from '../../electron/core/vendor-error';
import type { Task, TaskField } from '../../shared/task';
import { makeTask } from '../helpers/tasks';

function field(
  name: string,
  type: TaskField['type'],
  required: boolean,
  options: string[] = [],
): TaskField {
  return {
    name,
    label: name,
    type,
    required,
    value: null,
    options: options.map((o) => ({ value: o, label: o })),
    description: null,
  };
}

const task: Task = makeTask('a', '1', {
  detailLoaded: true,
  completion: {
    kind: 'results',
    results: [
      { code: 'ok', label: 'OK' },
      { code: 'no', label: 'No' },
    ],
    fields: [
      field('email', 'text', true),
      field('amount', 'number', false),
      field('when', 'date', false),
      field('flag', 'boolean', false),
      field('tpl', 'select', true, ['a', 'b']),
    ],
    unavailableReason: null,
  },
});

describe('completion checks', () => {
  it('accepts a complete, well-typed submission', () => {
    expect(
      completionErrors(task, {
        resultCode: 'ok',
        data: { email: 'x@y.z', amount: 3, when: '2026-11-26', flag: true, tpl: 'b' },
        comment: null,
      }),
    ).toEqual([]);
  });

  it('names every field at fault', () => {
    const errors = completionErrors(task, {
      resultCode: 'maybe',
      data: { email: '  ', amount: 'three', when: 'someday', flag: 'yes', tpl: 'c' },
      comment: null,
    });
    expect(errors.map((e) => e.field)).toEqual([
      'result',
      'email',
      'amount',
      'when',
      'flag',
      'tpl',
    ]);
    expect(errors[1]?.message).toBe('email is required.');
  });

  it('asks for a result when the task has results', () => {
    expect(
      completionErrors(task, { resultCode: null, data: { email: 'a', tpl: 'a' }, comment: null }),
    ).toEqual([{ field: 'result', message: 'Choose a result.' }]);
  });

  it('reads only the values the request holds, whatever the field is named', () => {
    const named: Task = {
      ...task,
      completion: {
        ...task.completion,
        fields: [field('toString', 'text', false), field('constructor', 'number', true)],
      },
    };
    // Nothing given: "toString" is simply empty, "constructor" is missing (not Object).
    expect(completionErrors(named, { resultCode: 'ok', data: {}, comment: null })).toEqual([
      { field: 'constructor', message: 'constructor is required.' },
    ]);
    expect(
      completionErrors(named, {
        resultCode: 'ok',
        data: { toString: 'x', constructor: 2 },
        comment: null,
      }),
    ).toEqual([]);
  });

  it('throws validation and unsupported errors', () => {
    try {
      assertCompletable(task, { resultCode: 'ok', data: {}, comment: null });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(VendorError);
      expect((error as VendorError).kind).toBe('validation');
      expect((error as VendorError).fields.map((f) => f.field)).toEqual(['email', 'tpl']);
    }
    const none: Task = {
      ...task,
      completion: { kind: 'none', results: [], fields: [], unavailableReason: 'Use the site.' },
    };
    expect(() => assertCompletable(none, { resultCode: null, data: {}, comment: null })).toThrow(
      'Use the site.',
    );
  });
});
