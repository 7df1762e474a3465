// The completion form, the heart of the quick-complete popup: results as buttons, typed fields,
// a comment; Tab through, Enter submits, Esc closes. The outbox's progress drives the state.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { VendorErrorInfo } from '../../shared/errors';
import type { Task, TaskField } from '../../shared/task';
import { getApi } from '../api';
import { errorInfo } from '../errors';
import { useApp, useT } from '../state/hooks';
import {
  clientErrors,
  COMMENT_KEY,
  completionRequest,
  formKey,
  initialValues,
  MAX_FILE_BYTES,
  RESULT_KEY,
  type FormValues,
} from './completion-values';
import { ErrorBox } from './ErrorBox';
import { Field, fieldAria, FieldError } from './Field';
import { errorMessage } from './outbox-text';
import { runHandled } from '../../shared/detached';

export function CompletionForm(props: { task: Task; onDone: () => void; onCancel: () => void }) {
  const { task, onDone, onCancel } = props;
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
  const [callError, setCallError] = useState<VendorErrorInfo | null>(null);
  const [itemId, setItemId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  // A completion of this task the vendor refused earlier: resubmitting retries that item.
  const failed = useApp((s) =>
    s.data?.outbox.find(
      (i) => i.taskId === task.id && i.state === 'failed' && i.op.type === 'complete',
    ),
  );
  const item = useApp((s) => (itemId ? s.data?.outbox.find((i) => i.id === itemId) : undefined));
  const state = item?.state ?? null;
  const sending = busy || state === 'pending' || state === 'sending';
  const done = state === 'done';

  useEffect(() => {
    if (done) onDone();
  }, [done, onDone]);

  // Keyboard-first: the first result or field has focus when the form opens.
  useEffect(() => {
    formRef.current
      ?.querySelector<HTMLElement>('[data-autofocus], input, select, textarea')
      ?.focus();
  }, []);

  const vendorError =
    callError ??
    (state === 'failed' ? item?.lastError : null) ??
    (itemId ? null : failed?.lastError) ??
    null;
  const vendorFieldErrors = useMemo(() => {
    const map: Record<string, string> = {};
    for (const fe of vendorError?.fields ?? []) {
      const key = formKey(task, fe);
      if (key && !map[key]) map[key] = fe.message;
    }
    return map;
  }, [vendorError, task]);
  const errorFor = (key: string) => localErrors[key] ?? vendorFieldErrors[key];
  const shownFields = new Set(
    (vendorError?.fields ?? []).filter((fe) => formKey(task, fe) !== null).map((fe) => fe.field),
  );

  // Once sent, the outbox holds the completion: closing loses nothing.
  const dirty =
    itemId === null &&
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
    if (sending || done) return;
    const problems = clientErrors(task, chosen, values, t);
    setLocalErrors(problems);
    setCallError(null);
    setConfirmDiscard(false);
    if (Object.keys(problems).length > 0) {
      requestAnimationFrame(() => {
        const first = formRef.current?.querySelector<HTMLElement>(
          'button[aria-invalid="true"], input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"]',
        );
        first?.focus();
        first?.scrollIntoView({ block: 'nearest' });
      });
      return;
    }
    const request = completionRequest(task, chosen, values, comment);
    setBusy(true);
    try {
      const sent = failed
        ? await getApi().call('outbox:retry', {
            itemId: failed.id,
            op: { type: 'complete', request },
          })
        : await getApi().call('tasks:complete', { taskId: task.id, completion: request });
      setItemId(sent.id);
    } catch (error) {
      setCallError(errorInfo(error));
    } finally {
      setBusy(false);
    }
  };

  // A send that failed for a passing reason waits for its backoff; the user may hurry it.
  const retryNow = async (id: string) => {
    setCallError(null);
    try {
      await getApi().call('outbox:retry', { itemId: id });
    } catch (error) {
      setCallError(errorInfo(error));
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      if (confirmDiscard) setConfirmDiscard(false);
      else cancel();
    }
  };

  // Arrow keys move between the result buttons; Enter on one chooses it and submits.
  const onResultKey = (event: KeyboardEvent<HTMLButtonElement>, code: string) => {
    const buttons = [
      ...(formRef.current?.querySelectorAll<HTMLButtonElement>('.result-button') ?? []),
    ];
    const index = buttons.indexOf(event.currentTarget);
    const step =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? 1
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? -1
          : 0;
    if (step !== 0) {
      event.preventDefault();
      buttons[(index + step + buttons.length) % buttons.length]?.focus();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      setResult(code);
      setLocalErrors(({ [RESULT_KEY]: _gone, ...rest }) => rest);
      runHandled(submit(code));
    }
  };

  const described = (key: string) => (errorFor(key) ? `${formId}-${key}-error` : undefined);

  return (
    <form
      ref={formRef}
      className="completion-form"
      aria-label={t('form.heading')}
      noValidate
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        event.preventDefault();
        runHandled(submit());
      }}
    >
      <fieldset disabled={sending || done} className="plain form-body">
        {choosable && (
          <fieldset
            className="results"
            aria-invalid={errorFor(RESULT_KEY) ? true : undefined}
            aria-describedby={described(RESULT_KEY)}
          >
            <legend>
              {t('form.results')} <RequiredMark label={t('form.required')} />
            </legend>
            <div className="result-buttons">
              {results.map((r, index) => (
                <button
                  key={r.code}
                  type="button"
                  className="result-button"
                  aria-pressed={result === r.code}
                  aria-invalid={errorFor(RESULT_KEY) ? true : undefined}
                  data-autofocus={index === 0 ? '' : undefined}
                  onKeyDown={(e) => onResultKey(e, r.code)}
                  onClick={() => {
                    setResult(r.code);
                    setLocalErrors(({ [RESULT_KEY]: _gone, ...rest }) => rest);
                  }}
                >
                  {r.label}
                </button>
              ))}
            </div>
            <FieldError id={described(RESULT_KEY)} message={errorFor(RESULT_KEY)} />
          </fieldset>
        )}
        {fields.map((field) => (
          <FieldInput
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
      {vendorError && <ErrorBox error={vendorError} shownFields={shownFields} />}
      {state === 'pending' && item?.lastError && (
        <div className="notice">
          <span role="status">
            {t('form.willRetry', { message: errorMessage(item.lastError, t) })}
          </span>{' '}
          <button type="button" className="small" onClick={() => runHandled(retryNow(item.id))}>
            {t('form.retryNow')}
          </button>
        </div>
      )}
      {confirmDiscard ? (
        <div
          className="form-actions confirm-discard"
          role="alertdialog"
          aria-labelledby={`${formId}-discard`}
        >
          <span id={`${formId}-discard`}>{t('form.discardQuestion')}</span>
          <button type="button" data-keep-editing="" onClick={() => setConfirmDiscard(false)}>
            {t('form.keepEditing')}
          </button>
          <button type="button" className="danger" onClick={onCancel}>
            {t('form.discard')}
          </button>
        </div>
      ) : (
        <div className="form-actions">
          <button type="submit" className="primary" disabled={sending || done}>
            {sending ? t('form.sending') : t('form.submit')}
          </button>
          <button type="button" onClick={cancel}>
            {t('common.cancel')}
          </button>
          <span className="muted keys-hint">{t('form.keys')}</span>
        </div>
      )}
      <p className="sr-status" role="status">
        {sending ? t('form.sending') : done ? t('form.sent') : ''}
      </p>
    </form>
  );
}

function RequiredMark(props: { label: string }) {
  return (
    <span className="required" title={props.label}>
      <span aria-hidden="true">*</span>
      <span className="visually-hidden">({props.label})</span>
    </span>
  );
}

function FieldInput(props: {
  id: string;
  field: TaskField;
  value: string | boolean;
  error: string | undefined;
  errorId: string | undefined;
  requiredLabel: string;
  fileTooLarge: string;
  yes: string;
  choose: string;
  onChange: (value: string | boolean, problem?: string) => void;
}) {
  const { id, field, value, error, errorId } = props;
  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-required': field.required || undefined,
    'aria-describedby':
      [errorId, field.description ? `${id}-help` : undefined].filter(Boolean).join(' ') ||
      undefined,
  } as const;
  const label = (
    <>
      {field.label} {field.required && <RequiredMark label={props.requiredLabel} />}
    </>
  );
  let input;
  switch (field.type) {
    case 'boolean':
      input = (
        <input
          type="checkbox"
          {...common}
          checked={value === true}
          onChange={(e) => props.onChange(e.target.checked)}
        />
      );
      break;
    case 'select':
      input = (
        <select {...common} value={String(value)} onChange={(e) => props.onChange(e.target.value)}>
          <option value="">{props.choose}</option>
          {field.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'file':
      input = (
        <input
          type="file"
          {...common}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (!file) return props.onChange('');
            if (file.size > MAX_FILE_BYTES) return props.onChange('', props.fileTooLarge);
            const reader = new FileReader();
            reader.onload = () => props.onChange(String(reader.result));
            reader.readAsDataURL(file);
          }}
        />
      );
      break;
    default:
      input = (
        <input
          type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'}
          step={field.type === 'number' ? 'any' : undefined}
          {...common}
          value={String(value)}
          onChange={(e) => props.onChange(e.target.value)}
        />
      );
  }
  return (
    <Field
      id={id}
      label={label}
      hint={field.description}
      error={error}
      check={field.type === 'boolean'}
    >
      {input}
    </Field>
  );
}
