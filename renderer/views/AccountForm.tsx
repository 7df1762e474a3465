// One account's form: vendor, name, sign-in method, the vendor's settings and its secrets; saved
// or tested through main, with the shared check's findings and main's refusals on their fields.
import { useId, useRef, useState } from 'react';
import type { SecretName } from '../../shared/account';
import type { VendorErrorInfo } from '../../shared/errors';
import type { AccountTestResult, AccountView } from '../../shared/ipc';
import { runHandled } from '../../shared/detached';
import { VENDOR_LABELS, VENDORS, type VendorId } from '../../shared/vendors';
import { getApi } from '../api';
import { errorInfo } from '../errors';
import { useT } from '../state/hooks';
import { emptyDraft, fieldsFor, VENDOR_FORMS, type AccountDraft } from './account-form';
import { ErrorBox } from './ErrorBox';
import { Field, fieldAria, SelectField } from './Field';
import { SecretFields, type TypedSecrets } from './SecretFields';
import { accountFormErrors, useAccountSubmit, type AccountAction } from './use-account-submit';
import { submitTo } from './submit';

export function AccountForm(props: {
  initial: AccountDraft;
  existing: AccountView | null;
  onSaved: (view: AccountView) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const id = useId();
  const [draft, setDraft] = useState(props.initial);
  const [secrets, setSecrets] = useState<TypedSecrets>({});
  const form = VENDOR_FORMS[draft.vendor];
  const secretNames = form.secrets(draft.authMode);
  const formRef = useRef<HTMLFormElement>(null);
  const { error, setError, test, busy, checked, run } = useAccountSubmit({
    draft,
    secretNames,
    secrets,
    formRef,
    onSaved: props.onSaved,
  });
  const { fieldErrors, shown, originError, originAction, origins, host } = accountFormErrors(
    draft,
    checked,
    error,
    test,
    t,
  );

  const set = (name: string, value: string) =>
    setDraft((d) => ({ ...d, values: { ...d.values, [name]: value } }));
  const input = (
    name: string,
    label: string,
    type: string,
    extra: { disabled?: boolean; help?: string } = {},
  ) => {
    const err = fieldErrors.get(name);
    const fieldId = `${id}-${name}`;
    return (
      <Field key={name} id={fieldId} label={label} hint={extra.help} error={err}>
        <input
          id={fieldId}
          type={type}
          value={draft.values[name] ?? ''}
          disabled={extra.disabled}
          {...fieldAria(fieldId, { hint: !!extra.help, error: !!err })}
          onChange={(e) => set(name, e.target.value)}
        />
      </Field>
    );
  };

  return (
    <form
      ref={formRef}
      className="account-form"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={submitTo(() => run('save'))}
    >
      <h2 id={`${id}-title`}>
        {props.existing
          ? t('accounts.form.edit', { name: props.existing.account.name })
          : t('accounts.form.new')}
      </h2>
      <VendorSelect
        id={`${id}-vendor`}
        vendor={draft.vendor}
        locked={props.existing !== null}
        onChange={(vendor) =>
          setDraft((d) => ({
            ...emptyDraft(vendor),
            // What every vendor's account has stays as typed.
            values: {
              id: d.values.id ?? '',
              name: d.values.name ?? '',
              pollIntervalSec: d.values.pollIntervalSec ?? '60',
            },
          }))
        }
      />
      {input('id', t('field.id'), 'text', {
        disabled: props.existing !== null,
        help: t('field.idHelp'),
      })}
      {input('name', t('field.name'), 'text')}
      {form.authModes.length > 0 && (
        <SelectField
          id={`${id}-auth`}
          label={t('field.authMode')}
          value={draft.authMode}
          options={form.authModes.map((m) => ({ value: m, label: t(`auth.${m}` as 'auth.pkce') }))}
          onChange={(authMode) => setDraft((d) => ({ ...d, authMode }))}
        />
      )}
      {fieldsFor(draft).map((f) =>
        input(f.name, t(f.label), f.input === 'number' ? 'number' : f.input),
      )}
      {input('pollIntervalSec', t('field.pollIntervalSec'), 'number')}
      <SecretFields
        idPrefix={id}
        names={secretNames}
        stored={new Set<SecretName>(props.existing?.storedSecrets ?? [])}
        values={secrets}
        errors={fieldErrors}
        onChange={(name, value) => setSecrets((s) => ({ ...s, [name]: value }))}
      />
      {fieldErrors.size > 0 && (
        <p className="form-summary" role="alert">
          {t('accounts.fixFields')}
        </p>
      )}
      <AccountFormOutcome
        id={id}
        error={error}
        test={test}
        shown={shown}
        confirm={originError && origins.length > 0 ? { host, busy: busy !== null } : null}
        onConfirm={() => runHandled(run(originAction, origins))}
      />
      <AccountFormActions
        busy={busy}
        signInAccountId={
          props.existing && draft.authMode === 'pkce' ? props.existing.account.id : null
        }
        onTest={() => runHandled(run('test'))}
        onSignInFailed={setError}
        onCancel={props.onCancel}
      />
    </form>
  );
}

/** The vendor: chosen for a new account, fixed once saved. */
function VendorSelect(props: {
  id: string;
  vendor: VendorId;
  locked: boolean;
  onChange: (vendor: VendorId) => void;
}) {
  const t = useT();
  return (
    <SelectField
      id={props.id}
      label={t('field.vendor')}
      value={props.vendor}
      disabled={props.locked}
      options={VENDORS.map((v) => ({ value: v, label: VENDOR_LABELS[v] }))}
      onChange={(value) => props.onChange(value as VendorId)}
    />
  );
}

/** What main said: a refusal, a test's result, or the question whether to use stored secrets with a new host. */
function AccountFormOutcome(props: {
  id: string;
  error: VendorErrorInfo | null;
  test: AccountTestResult | null;
  shown: Set<string>;
  confirm: { host: string; busy: boolean } | null;
  onConfirm: () => void;
}) {
  const t = useT();
  const { id, error, test, shown, confirm } = props;
  return (
    <>
      {error && <ErrorBox error={error} shownFields={shown} />}
      {test && (
        <div role="status" className={test.ok ? 'notice ok' : ''}>
          {test.ok ? (
            t('accounts.testOk', { count: test.openTasks })
          ) : (
            <ErrorBox error={test.error} shownFields={shown} />
          )}
        </div>
      )}
      {confirm && (
        <div className="notice origin-confirm" role="group" aria-labelledby={`${id}-origin`}>
          <p id={`${id}-origin`}>{t('accounts.origin.question', { host: confirm.host })}</p>
          <button type="button" disabled={confirm.busy} onClick={props.onConfirm}>
            {t('accounts.origin.confirm', { host: confirm.host })}
          </button>
        </div>
      )}
    </>
  );
}

/** Save, Test, Sign in again (browser sign-in accounts once saved) and Cancel. */
function AccountFormActions(props: {
  busy: AccountAction | null;
  signInAccountId: string | null;
  onTest: () => void;
  onSignInFailed: (error: VendorErrorInfo) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const { busy, signInAccountId } = props;
  return (
    <div className="form-actions">
      <button type="submit" className="primary" disabled={busy !== null}>
        {t('common.save')}
      </button>
      <button type="button" disabled={busy !== null} onClick={props.onTest}>
        {busy === 'test' ? t('accounts.testing') : t('accounts.test')}
      </button>
      {signInAccountId !== null && (
        <button
          type="button"
          onClick={() =>
            runHandled(
              getApi()
                .call('accounts:sign-in', { accountId: signInAccountId })
                .catch((e: unknown) => props.onSignInFailed(errorInfo(e))),
            )
          }
        >
          {t('accounts.signIn')}
        </button>
      )}
      <button type="button" onClick={props.onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
