// The completion form, the heart of the quick-complete popup: results as buttons, typed fields,
// a comment; Tab through, Enter submits, Esc closes. The outbox's progress drives the state.
import { useEffect, useId, useRef, useState } from 'react';
import { claimsBeforeCompleting } from '../../shared/assignment';
import type { Task } from '../../shared/task';
import { capabilitiesOf, useApp, useT } from '../state/hooks';
import { CompletionActions, RetryNotice } from './CompletionActions';
import { CompletionFields, type CompletionInputs } from './CompletionFields';
import { clientErrors, completionRequest, initialValues, RESULT_KEY } from './completion-values';
import { ErrorBox } from './ErrorBox';
import { useCompletionSend, useVendorFieldErrors } from './use-completion-send';
import { useCompletionFocus } from './use-completion-focus';
import { useDiscardGuard } from './use-discard-guard';
import { submitTo } from './submit';

/** What the form starts with: one outcome is chosen already, since it is no choice. */
function startingInputs(task: Task): CompletionInputs {
  const { results, fields } = task.completion;
  return {
    result: results.length === 1 ? (results[0]?.code ?? null) : null,
    values: initialValues(fields),
    comment: '',
  };
}

/** Whether anything was typed or chosen that closing the form would lose. */
function typedSomething(task: Task, inputs: CompletionInputs): boolean {
  const start = startingInputs(task);
  return (
    inputs.comment.trim() !== '' ||
    inputs.result !== start.result ||
    JSON.stringify(inputs.values) !== JSON.stringify(start.values)
  );
}

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
  const formRef = useRef<HTMLFormElement>(null);
  const [inputs, setInputs] = useState(() => startingInputs(task));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
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
  const focus = useCompletionFocus(formRef, sending);
  // Once sent, the outbox holds the completion: closing loses nothing.
  const guard = useDiscardGuard(formRef, !sent && !done && typedSomething(task, inputs), onCancel);
  // The vendor's form has its own comment field: a second one would only confuse.
  const withComment = !task.completion.fields.some(
    (f) => /comment/i.test(f.name) || /^comment/i.test(f.label),
  );

  const errorFor = (key: string) => localErrors[key] ?? vendorFields.fieldErrors[key];
  const setProblem = (key: string, problem: string | undefined) =>
    setLocalErrors(({ [key]: _gone, ...rest }) => (problem ? { ...rest, [key]: problem } : rest));

  const submit = async (chosen: string | null = inputs.result) => {
    if (sending || done || taken) return;
    const { values, comment } = inputs;
    const problems = clientErrors(task, chosen, values, t, comment);
    setLocalErrors(problems);
    clearError();
    guard.keepEditing();
    if (Object.keys(problems).length > 0) {
      focus.focusFirstInvalid();
      return;
    }
    const failure = await send(completionRequest(task, chosen, values, comment), claimFirst);
    if (failure) focus.refocusAfterSend(failure.code === 'error.claimTaken' ? 'cancel' : 'submit');
  };

  return (
    <form
      ref={formRef}
      className="completion-form"
      aria-label={t('form.heading')}
      noValidate
      onKeyDown={guard.onKeyDown}
      onSubmit={submitTo(submit)}
    >
      <fieldset disabled={sending || done} className="plain form-body">
        <CompletionFields
          task={task}
          formId={formId}
          formRef={formRef}
          inputs={inputs}
          withComment={withComment}
          errorFor={errorFor}
          onResult={(result) => {
            setInputs((i) => ({ ...i, result }));
            setProblem(RESULT_KEY, undefined);
          }}
          onValue={(name, value, problem) => {
            setInputs((i) => ({ ...i, values: { ...i.values, [name]: value } }));
            setProblem(name, problem);
          }}
          onComment={(comment) => setInputs((i) => ({ ...i, comment }))}
          onSubmitResult={submit}
        />
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
        confirmDiscard={guard.confirmDiscard}
        sending={sending}
        done={done}
        claimFirst={claimFirst}
        taken={taken}
        onKeepEditing={guard.keepEditing}
        onDiscard={onCancel}
        onCancel={guard.cancel}
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
