// The completion form, the heart of the quick-complete popup: results as buttons, typed fields,
// a comment; Tab through, Enter submits, Esc closes. The outbox's progress drives the state.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { claimsBeforeCompleting } from '../../shared/assignment';
import type { Task } from '../../shared/task';
import { runHandled } from '../../shared/detached';
import { capabilitiesOf, useApp, useT } from '../state/hooks';
import { CompletionActions, RetryNotice } from './CompletionActions';
import {
  clientErrors,
  COMMENT_KEY,
  completionRequest,
  initialValues,
  RESULT_KEY,
  type FormValues,
} from './completion-values';
import { ErrorBox } from './ErrorBox';
import { Field, fieldAria } from './Field';
import { ResultButtons } from './ResultButtons';
import { TaskFieldInput } from './TaskFieldInput';
import { useCompletionSend, useVendorFieldErrors } from './use-completion-send';
import { submitTo } from './submit';

const INVALID_CONTROL =
  'button[aria-invalid="true"], input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"]';

export function CompletionForm(props: {
  task: Task;
  onDone: () => void;
  onCancel: () => void;
  /** Someone else claimed the task as Submit tried to: the window stops offering Claim. */
  onTaken?: () => void;
}) {
  const { task, onDone, onCancel, onTaken } = props;
  const t = useT();
  const formId = useId();
  const { results, fields } = task.completion;
  // One outcome is no choice: it is what Submit sends, so no button of its own is shown.
  const choosable = results.length > 1;
  const [result, setResult] = useState<string | null>(
    results.length === 1 ? (results[0]?.code ?? null) : null,
  );
  // The vendor's form has its own comment field: a second one would only confuse.
  const ownComment = !fields.some((f) => /comment/i.test(f.name) || /^comment/i.test(f.label));
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [values, setValues] = useState<FormValues>(() => initialValues(fields));
  const [comment, setComment] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [refocus, setRefocus] = useState<'submit' | 'cancel' | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const { item, sent, sending, done, vendorError, notQueued, send, retryNow, clearError } =
    useCompletionSend(task, onDone);
  const vendorFields = useVendorFieldErrors(task, vendorError);
  // Nobody holds the task and only its assignee may complete it: Submit claims it first.
  const caps = useApp((s) => capabilitiesOf(s.data, task));
  const claimFirst = claimsBeforeCompleting(task, caps);
  // Someone else claimed it meanwhile: nothing here can complete it now.
  const taken = notQueued && vendorError?.code === 'error.claimTaken';
  useEffect(() => {
    if (taken) onTaken?.();
  }, [taken, onTaken]);

  // Keyboard-first: the first result or field has focus when the form opens.
  useEffect(() => {
    formRef.current
      ?.querySelector<HTMLElement>('[data-autofocus], input, select, textarea')
      ?.focus();
  }, []);

  const errorFor = (key: string) => localErrors[key] ?? vendorFields.fieldErrors[key];
  const described = (key: string) => (errorFor(key) ? `${formId}-${key}-error` : undefined);
  const clearLocalError = (key: string) => setLocalErrors(({ [key]: _gone, ...rest }) => rest);

  // Once sent, the outbox holds the completion: closing loses nothing.
  const dirty =
    !sent &&
    (comment.trim() !== '' ||
      (choosable && result !== null) ||
      JSON.stringify(values) !== JSON.stringify(initialValues(fields)));
  // Cancel never throws typed input away silently: with something typed it asks first.
  const cancel = () => {
    if (dirty && !confirmDiscard && !done) {
      setConfirmDiscard(true);
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[data-keep-editing]')?.focus(),
      );
      return;
    }
    onCancel();
  };

  const submit = async (chosen: string | null = result) => {
    if (sending || done || taken) return;
    const problems = clientErrors(task, chosen, values, t, comment);
    setLocalErrors(problems);
    clearError();
    setConfirmDiscard(false);
    if (Object.keys(problems).length > 0) {
      requestAnimationFrame(() => {
        const first = formRef.current?.querySelector<HTMLElement>(INVALID_CONTROL);
        first?.focus();
        first?.scrollIntoView({ block: 'nearest' });
      });
      return;
    }
    const failure = await send(completionRequest(task, chosen, values, comment), claimFirst);
    if (failure) setRefocus(failure.code === 'error.claimTaken' ? 'cancel' : 'submit');
  };

  // The form was disabled while sending, so the focus went with it: once it is enabled again,
  // it goes where the user acts next — a field the vendor faulted, else Submit (try again), or
  // Cancel when Submit can do nothing more.
  useEffect(() => {
    if (!refocus || sending) return;
    setRefocus(null);
    const form = formRef.current;
    const next =
      refocus === 'cancel'
        ? form?.querySelector<HTMLElement>('[data-cancel]')
        : (form?.querySelector<HTMLElement>(INVALID_CONTROL) ??
          form?.querySelector<HTMLElement>('button[type="submit"]'));
    next?.focus();
  }, [refocus, sending]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      if (confirmDiscard) setConfirmDiscard(false);
      else cancel();
    }
  };

  return (
    <form
      ref={formRef}
      className="completion-form"
      aria-label={t('form.heading')}
      noValidate
      onKeyDown={onKeyDown}
      onSubmit={submitTo(submit)}
    >
      <fieldset disabled={sending || done} className="plain form-body">
        {choosable && (
          <ResultButtons
            results={results}
            chosen={result}
            legend={t('form.results')}
            requiredLabel={t('form.required')}
            error={errorFor(RESULT_KEY)}
            errorId={described(RESULT_KEY)}
            onChoose={(code) => {
              setResult(code);
              clearLocalError(RESULT_KEY);
            }}
            onSubmit={(code) => runHandled(submit(code))}
          />
        )}
        {fields.map((field) => (
          <TaskFieldInput
            key={field.name}
            id={`${formId}-${field.name}`}
            field={field}
            value={values[field.name] ?? ''}
            error={errorFor(field.name)}
            errorId={described(field.name)}
            requiredLabel={t('form.required')}
            onChange={(value, problem) => {
              setValues((v) => ({ ...v, [field.name]: value }));
              setLocalErrors(({ [field.name]: _gone, ...rest }) =>
                problem ? { ...rest, [field.name]: problem } : rest,
              );
            }}
            fileTooLarge={t('form.fileTooLarge', { field: field.label })}
            yes={t('form.yes')}
            choose={t('form.choose')}
          />
        ))}
        {ownComment && (
          <Field id={`${formId}-comment`} label={t('form.comment')} error={errorFor(COMMENT_KEY)}>
            <textarea
              id={`${formId}-comment`}
              rows={2}
              value={comment}
              {...fieldAria(`${formId}-comment`, { error: !!errorFor(COMMENT_KEY) })}
              onChange={(e) => setComment(e.target.value)}
              onKeyDown={(e) => {
                // Enter submits here too; Shift+Enter starts a new line.
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  formRef.current?.requestSubmit();
                }
              }}
            />
          </Field>
        )}
      </fieldset>
      {Object.keys(localErrors).length > 0 && (
        <p className="form-summary" role="alert">
          {t('form.fixFields')}
        </p>
      )}
      {vendorError && <ErrorBox error={vendorError} shownFields={vendorFields.shownFields} />}
      {item && <RetryNotice item={item} onRetry={retryNow} />}
      <CompletionActions
        formId={formId}
        confirmDiscard={confirmDiscard}
        sending={sending}
        done={done}
        claimFirst={claimFirst}
        taken={taken}
        onKeepEditing={() => setConfirmDiscard(false)}
        onDiscard={onCancel}
        onCancel={cancel}
      />
      <p className="sr-status" role="status">
        {sending
          ? t(claimFirst ? 'form.claimingAndSending' : 'form.sending')
          : done
            ? t('form.sent')
            : ''}
      </p>
    </form>
  );
}
