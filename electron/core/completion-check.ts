// Checks a completion against what the task says it takes, before anything is sent: the same
// rules the windows apply, so the CLI and the outbox never send what the vendor would refuse.
import type { FieldError } from '../../shared/errors';
import type { CompletionRequest, JsonValue, Task, TaskField } from '../../shared/task';
import { VendorError } from './vendor-error';
import { ownValue } from './own-key';

function isEmpty(value: JsonValue | undefined): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

function typeError(field: TaskField, value: JsonValue): string | null {
  switch (field.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? null
        : 'must be a date';
    case 'select':
      if (field.options.length === 0) return null;
      return field.options.some((option) => option.value === value)
        ? null
        : `must be one of ${field.options.map((option) => option.value).join(', ')}`;
    case 'text':
    case 'file':
      return typeof value === 'string' ? null : 'must be text';
  }
}

export function completionErrors(task: Task, request: CompletionRequest): FieldError[] {
  const errors: FieldError[] = [];
  const { results, fields } = task.completion;
  if (results.length > 0) {
    if (request.resultCode === null) {
      errors.push({ field: 'result', message: 'Choose a result.' });
    } else if (!results.some((result) => result.code === request.resultCode)) {
      errors.push({
        field: 'result',
        message: `“${request.resultCode}” is not one of ${results.map((r) => r.code).join(', ')}.`,
      });
    }
  }
  for (const field of fields) {
    // The name is the vendor's: an own entry only, or "toString" would find Object.prototype's.
    const value = ownValue(request.data, field.name);
    if (isEmpty(value)) {
      if (field.required)
        errors.push({ field: field.name, message: `${field.label} is required.` });
      continue;
    }
    const problem = typeError(field, value as JsonValue);
    if (problem) errors.push({ field: field.name, message: `${field.label} ${problem}.` });
  }
  return errors;
}

/** Throws a validation VendorError naming every field at fault. */
export function assertCompletable(task: Task, request: CompletionRequest): void {
  if (task.completion.kind === 'none') {
    throw new VendorError(
      'unsupported',
      task.completion.unavailableReason ?? 'This task cannot be completed from Tasktray.',
    );
  }
  const errors = completionErrors(task, request);
  if (errors.length > 0) {
    throw new VendorError('validation', errors.map((error) => error.message).join(' '), {
      fields: errors,
    });
  }
}
