// One form field for every window: a label bound to its control by id, an optional hint and an
// optional error under it, and the aria attributes that tie the control to both. The ids are
// `${id}-help` and `${id}-error`, so a test or a screen reader finds the same text in every form.
import type { ReactNode } from 'react';

/** The aria attributes a field's control carries: invalid while it has an error, described by
 * its error (or, without one, by its hint). */
export function fieldAria(
  id: string,
  has: { hint?: boolean; error?: boolean },
): { 'aria-invalid': true | undefined; 'aria-describedby': string | undefined } {
  return {
    'aria-invalid': has.error ? true : undefined,
    'aria-describedby': has.error ? `${id}-error` : has.hint ? `${id}-help` : undefined,
  };
}

/** A hint paragraph under a control, quiet until there is something to say. */
export function FieldHint(props: { id: string; children: ReactNode }) {
  if (!props.children) return null;
  return (
    <p className="muted" id={props.id}>
      {props.children}
    </p>
  );
}

/** An error paragraph under a control; nothing when there is no message. */
export function FieldError(props: { id: string | undefined; message: string | undefined }) {
  if (!props.message) return null;
  return (
    <p className="field-error" id={props.id}>
      {props.message}
    </p>
  );
}

/** The star after a required field's label, read out as "(required)" in the user's language. */
export function RequiredMark(props: { label: string }) {
  return (
    <span className="required" title={props.label}>
      <span aria-hidden="true">*</span>
      <span className="visually-hidden">({props.label})</span>
    </span>
  );
}

/** Label, control, hint and error in the house's `.field` box. `check` puts the control first, as
 * a checkbox stands before its label. */
export function Field(props: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  check?: boolean;
  children: ReactNode;
}) {
  const label = <label htmlFor={props.id}>{props.label}</label>;
  return (
    <div className={props.check ? 'field field-check' : 'field'}>
      {!props.check && label}
      {props.children}
      {props.check && label}
      {props.hint && <FieldHint id={`${props.id}-help`}>{props.hint}</FieldHint>}
      <FieldError id={`${props.id}-error`} message={props.error} />
    </div>
  );
}

export interface SelectOption {
  value: string;
  label: string;
  lang?: string;
}

/** A labelled drop-down: the filters, the theme and language, the vendor and sign-in choice. */
export function SelectField(props: {
  id: string;
  label: ReactNode;
  value: string;
  options: readonly SelectOption[];
  disabled?: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <Field id={props.id} label={props.label}>
      <select
        id={props.id}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A labelled checkbox that saves as it is ticked: the settings' on/off choices. */
export function CheckField(props: {
  id: string;
  label: ReactNode;
  checked: boolean;
  describedBy?: string;
  onChange: (checked: boolean) => void;
}) {
  return (
    <Field id={props.id} label={props.label} check>
      <input
        id={props.id}
        type="checkbox"
        checked={props.checked}
        aria-describedby={props.describedBy}
        onChange={(e) => props.onChange(e.target.checked)}
      />
    </Field>
  );
}
