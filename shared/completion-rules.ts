// What a completion must satisfy before it is sent, checked against what the task says it takes:
// the windows check it before Submit, the engine again before anything leaves (the CLI, the
// outbox). One rule set, so neither sends what the other would refuse. Zod-free: the windows'
// first chunk carries it.
import { MAX_COMMENT_LENGTH } from './comment-limits';
import type { MessageKey, Params } from './i18n/format';
import type { CompletionRequest, JsonValue, Task, TaskField } from './task';

/** Where a problem is: the result, the comment, or a field of the task's form by its name. */
export const RESULT_FIELD = 'result';
export const COMMENT_FIELD = 'comment';

/** One problem, as a catalog key and its values, so each side says it in its reader's language. */
export interface CompletionProblem {
  field: string;
  key: MessageKey;
  params: Params;
}

function isEmpty(value: JsonValue | undefined): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

function typeProblem(field: TaskField, value: JsonValue): CompletionProblem | null {
  const at = (key: MessageKey, params: Params = {}): CompletionProblem => ({
    field: field.name,
    key,
    params: { field: field.label, ...params },
  });
  switch (field.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : at('form.numberError');
    case 'boolean':
      return typeof value === 'boolean' ? null : at('form.booleanError');
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? null
        : at('form.dateError');
    case 'select':
      if (field.options.length === 0) return null;
      return field.options.some((option) => option.value === value)
        ? null
        : at('form.selectError', { allowed: field.options.map((o) => o.label).join(', ') });
    case 'text':
    case 'file':
      return typeof value === 'string' ? null : at('form.textError');
  }
}

/** Every problem with this completion of this task, in the form's order; none: it may be sent. */
export function completionProblems(
  task: Pick<Task, 'completion'>,
  request: CompletionRequest,
): CompletionProblem[] {
  const problems: CompletionProblem[] = [];
  const { results, fields } = task.completion;
  if (results.length > 0) {
    if (request.resultCode === null) {
      problems.push({ field: RESULT_FIELD, key: 'form.chooseResult', params: {} });
    } else if (!results.some((result) => result.code === request.resultCode)) {
      problems.push({
        field: RESULT_FIELD,
        key: 'form.unknownResult',
        params: { result: request.resultCode, allowed: results.map((r) => r.code).join(', ') },
      });
    }
  }
  for (const field of fields) {
    // The name is the vendor's: an own entry only, or "toString" would find Object.prototype's.
    const value = Object.hasOwn(request.data, field.name) ? request.data[field.name] : undefined;
    if (isEmpty(value)) {
      if (field.required)
        problems.push({
          field: field.name,
          key: 'form.requiredError',
          params: { field: field.label },
        });
      continue;
    }
    const problem = typeProblem(field, value as JsonValue);
    if (problem) problems.push(problem);
  }
  if (request.comment !== null && request.comment.length > MAX_COMMENT_LENGTH) {
    problems.push({
      field: COMMENT_FIELD,
      key: 'comments.tooLong',
      params: { max: MAX_COMMENT_LENGTH },
    });
  }
  return problems;
}
