// Form values ↔ the completion request, and where an error's field name points in the form.
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

/** The client's own checks: a result chosen, required fields filled, numbers that are numbers. */
export function clientErrors(
  task: Task,
  resultCode: string | null,
  values: FormValues,
  t: Translate,
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (task.completion.results.length > 0 && resultCode === null) {
    errors[RESULT_KEY] = t('form.chooseResult');
  }
  for (const field of task.completion.fields) {
    const value = values[field.name];
    if (field.type === 'boolean') continue;
    if (isBlank(value)) {
      if (field.required) errors[field.name] = t('form.requiredError', { field: field.label });
    } else if (field.type === 'number' && !Number.isFinite(Number(value))) {
      errors[field.name] = t('form.numberError', { field: field.label });
    }
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

/** Maps an error's field name (the engine's, the dispatcher's or the vendor's) to a form key. */
export function formKey(task: Task, error: FieldError): string | null {
  const name = error.field.replace(/^completion\./, '').replace(/^(data|captured_data)\./, '');
  if (['result', 'resultCode', 'result_code', 'outcome', 'action'].includes(name))
    return RESULT_KEY;
  if (name === 'comment') return COMMENT_KEY;
  return task.completion.fields.some((f) => f.name === name) ? name : null;
}
