// Form values ↔ the completion request, and where an error's field name points in the form.
import { COMMENT_FIELD, completionProblems, RESULT_FIELD } from '../../shared/completion-rules';
import type { FieldError } from '../../shared/errors';
import type { CompletionRequest, JsonValue, Task, TaskField } from '../../shared/task';
import type { Translate } from '../i18n';

/** What the inputs hold: text for most, a flag for booleans, a data URL for files. */
export type FormValues = Record<string, string | boolean>;

export const RESULT_KEY = '(result)';
export const COMMENT_KEY = '(comment)';
export const MAX_FILE_BYTES = 700 * 1024;

export function initialValues(fields: TaskField[]): FormValues {
  const values: FormValues = {};
  for (const field of fields) values[field.name] = initialValue(field);
  return values;
}

function initialValue(field: TaskField): string | boolean {
  const v = field.value;
  if (field.type === 'boolean') return v === true || v === 'true';
  if (v === null || typeof v === 'object') return '';
  if (field.type === 'date' && typeof v === 'string') return v.slice(0, 10);
  return String(v);
}

function isBlank(value: string | boolean | undefined): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** The form key a problem's field names: the result, the comment, or a field of the form. */
function keyOf(field: string): string {
  if (field === RESULT_FIELD) return RESULT_KEY;
  if (field === COMMENT_FIELD) return COMMENT_KEY;
  return field;
}

/** The completion rules the engine applies too (shared/completion-rules.ts), before Submit. */
export function clientErrors(
  task: Task,
  resultCode: string | null,
  values: FormValues,
  t: Translate,
  comment = '',
): Record<string, string> {
  const errors: Record<string, string> = {};
  const request = completionRequest(task, resultCode, values, comment);
  for (const problem of completionProblems(task, request)) {
    const key = keyOf(problem.field);
    errors[key] ??= t(problem.key, problem.params);
  }
  return errors;
}

export function completionRequest(
  task: Task,
  resultCode: string | null,
  values: FormValues,
  comment: string,
): CompletionRequest {
  const data: Record<string, JsonValue> = {};
  for (const field of task.completion.fields) {
    const value = values[field.name];
    if (value === undefined || isBlank(value)) continue;
    data[field.name] = field.type === 'number' ? Number(value) : value;
  }
  return { resultCode, data, comment: comment.trim() === '' ? null : comment.trim() };
}

/**
 * The form key an error's field points at. Adapters name the task's own fields (`result`,
 * `comment`, a form field's name); the contract's checks prefix them with the request's path.
 */
export function formKey(task: Task, error: FieldError): string | null {
  const name = error.field.replace(/^completion\./, '').replace(/^data\./, '');
  if (name === 'resultCode') return RESULT_KEY;
  const key = keyOf(name);
  if (key !== name) return key;
  return task.completion.fields.some((f) => f.name === name) ? name : null;
}
