// The completion form's inputs: the results as buttons, the task's typed fields and, unless the
// vendor's form has its own, a comment.
import type { RefObject } from 'react';
import type { Task } from '../../shared/task';
import { runHandled } from '../../shared/detached';
import { useT } from '../state/hooks';
import { COMMENT_KEY, RESULT_KEY, type FormValues } from './completion-values';
import { Field, fieldAria } from './Field';
import { ResultButtons } from './ResultButtons';
import { TaskFieldInput } from './TaskFieldInput';

export interface CompletionInputs {
  result: string | null;
  values: FormValues;
  comment: string;
}

export function CompletionFields(props: {
  task: Task;
  formId: string;
  formRef: RefObject<HTMLFormElement | null>;
  inputs: CompletionInputs;
  /** Whether the form offers its own comment box (the vendor's form may have one). */
  withComment: boolean;
  errorFor: (key: string) => string | undefined;
  onResult: (code: string) => void;
  onValue: (name: string, value: string | boolean, problem: string | undefined) => void;
  onComment: (comment: string) => void;
  onSubmitResult: (code: string) => Promise<void>;
}) {
  const { task, formId, inputs, errorFor } = props;
  const t = useT();
  const { results, fields } = task.completion;
  const described = (key: string) => (errorFor(key) ? `${formId}-${key}-error` : undefined);
  return (
    <>
      {/* One outcome is no choice: it is what Submit sends, so no button of its own is shown. */}
      {results.length > 1 && (
        <ResultButtons
          results={results}
          chosen={inputs.result}
          legend={t('form.results')}
          requiredLabel={t('form.required')}
          error={errorFor(RESULT_KEY)}
          errorId={described(RESULT_KEY)}
          onChoose={props.onResult}
          onSubmit={(code) => runHandled(props.onSubmitResult(code))}
        />
      )}
      {fields.map((field) => (
        <TaskFieldInput
          key={field.name}
          id={`${formId}-${field.name}`}
          field={field}
          value={inputs.values[field.name] ?? ''}
          error={errorFor(field.name)}
          errorId={described(field.name)}
          requiredLabel={t('form.required')}
          onChange={(value, problem) => props.onValue(field.name, value, problem)}
          fileTooLarge={t('form.fileTooLarge', { field: field.label })}
          yes={t('form.yes')}
          choose={t('form.choose')}
        />
      ))}
      {props.withComment && (
        <Field id={`${formId}-comment`} label={t('form.comment')} error={errorFor(COMMENT_KEY)}>
          <textarea
            id={`${formId}-comment`}
            rows={2}
            value={inputs.comment}
            {...fieldAria(`${formId}-comment`, { error: !!errorFor(COMMENT_KEY) })}
            onChange={(e) => props.onComment(e.target.value)}
            onKeyDown={(e) => {
              // Enter submits here too; Shift+Enter starts a new line.
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                props.formRef.current?.requestSubmit();
              }
            }}
          />
        </Field>
      )}
    </>
  );
}
