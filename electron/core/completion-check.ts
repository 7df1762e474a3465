// The engine's side of the completion rules (shared/completion-rules.ts, the ones the windows
// apply before Submit): checked again before anything is sent, so the CLI and the outbox never
// send what the vendor would refuse.
import { completionProblems } from '../../shared/completion-rules';
import type { FieldError } from '../../shared/errors';
import { en } from '../../shared/i18n/en';
import { formatMessage } from '../../shared/i18n/translate';
import type { CompletionRequest, Task } from '../../shared/task';
import { VendorError } from './vendor-error';

/** The problems in English: the CLI's terms and the outbox's record. */
export function completionErrors(task: Task, request: CompletionRequest): FieldError[] {
  return completionProblems(task, request).map((problem) => ({
    field: problem.field,
    message: formatMessage(en[problem.key], 'en', problem.params),
  }));
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
