// Accounts: add, edit, test and remove vendor accounts. Secrets go to the keychain and come back
// only as "stored".
import { useId, useRef, useState } from 'react';
import type { SecretName } from '../../shared/account';
import { accountProblems } from '../../shared/account-check';
import { ORIGIN_CHANGED_CODE, accountOrigins, originHosts } from '../../shared/account-origins';
import type { VendorErrorInfo } from '../../shared/errors';
import type { AccountTestResult, AccountView } from '../../shared/ipc';
import { VENDOR_LABELS, VENDORS, type VendorId } from '../../shared/vendors';
import { getApi } from '../api';
import { errorInfo } from '../errors';
import { useAccounts, useHealth, useT } from '../state/hooks';
import {
  accountFieldKey,
  draftFromView,
  draftToAccount,
  emptyDraft,
  fieldsFor,
  VENDOR_FORMS,
  type AccountDraft,
} from './account-form';
import { ErrorBox } from './ErrorBox';
import { runHandled } from '../../shared/detached';
import { Field, fieldAria, SelectField } from './Field';

export function Accounts() {
  const t = useT();
  const accounts = useAccounts();
  const health = useHealth();
  const [editing, setEditing] = useState<{
    draft: AccountDraft;
    existing: AccountView | null;
  } | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [error, setError] = useState<VendorErrorInfo | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const remove = async (id: string) => {
    setError(null);
    try {
      await getApi().call('accounts:remove', { accountId: id });
      setRemoving(null);
    } catch (e) {
      setError(errorInfo(e));
    }
  };

  return (
    <main className="page" aria-labelledby="accounts-heading">
      <h1 id="accounts-heading">{t('accounts.heading')}</h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {error && <ErrorBox error={error} />}
      {accounts.length === 0 && <p className="muted">{t('accounts.none')}</p>}
      <ul className="account-list">
        {accounts.map((view) => {
          const h = health.find((x) => x.accountId === view.account.id);
          return (
            <li key={view.account.id} className="account-item">
              <div>
                <strong>{view.account.name}</strong>{' '}
                <span className="muted">({VENDOR_LABELS[view.account.vendor]})</span>
                {h && (
                  <span className={`health health-${h.state}`}> · {t(`health.${h.state}`)}</span>
                )}
                <div className="muted">
                  {view.storedSecrets
                    .map((name) => `${t(`secret.${name}`)}: ${t('accounts.stored')}`)
                    .join(' · ')}
                </div>
              </div>
              <div className="row-actions">
                <button
                  type="button"
                  onClick={() => setEditing({ draft: draftFromView(view), existing: view })}
                >
                  {t('accounts.edit')}
                </button>
                {removing === view.account.id ? (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => runHandled(remove(view.account.id))}
                  >
                    {t('accounts.confirmRemove', { name: view.account.name })}
                  </button>
                ) : (
                  <button type="button" onClick={() => setRemoving(view.account.id)}>
                    {t('accounts.remove')}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {editing ? (
        <AccountForm
          key={editing.existing?.account.id ?? 'new'}
          initial={editing.draft}
          existing={editing.existing}
          onSaved={(view) => {
            setEditing(null);
            setNotice(t('accounts.saved', { name: view.account.name }));
          }}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <button
          type="button"
          className="primary"
          onClick={() => setEditing({ draft: emptyDraft('geotareas'), existing: null })}
        >
          {t('accounts.add')}
        </button>
      )}
    </main>
  );
}

function AccountForm(props: {
  initial: AccountDraft;
  existing: AccountView | null;
  onSaved: (view: AccountView) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const id = useId();
  const [draft, setDraft] = useState(props.initial);
  const [secrets, setSecrets] = useState<Partial<Record<SecretName, string>>>({});
  const [error, setError] = useState<VendorErrorInfo | null>(null);
  const [test, setTest] = useState<AccountTestResult | null>(null);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const form = VENDOR_FORMS[draft.vendor];
  const secretNames = form.secrets(draft.authMode);
  const stored = new Set(props.existing?.storedSecrets ?? []);

  const formRef = useRef<HTMLFormElement>(null);
  // The shared check's findings, shown on their fields; null until the first save or test.
  const [checked, setChecked] = useState(false);
  const problems = checked ? accountProblems(draftToAccount(draft)) : [];
  const fieldErrors = new Map<string, string>();
  for (const p of problems) {
    const key = accountFieldKey(p.field);
    if (!fieldErrors.has(key)) fieldErrors.set(key, t(`accounts.problem.${p.code}`));
  }
  // Stored secrets saved for another host than the one typed now: which to type again, and an
  // explicit "use them with <host>" instead.
  const testError = test && !test.ok ? test.error : null;
  const originError = [error, testError].find((e) => e?.vendorCode === ORIGIN_CHANGED_CODE) ?? null;
  const origins = accountOrigins(draftToAccount(draft));
  const host = originHosts(origins);
  for (const fe of originError?.fields ?? []) {
    const key = accountFieldKey(fe.field);
    if (fe.field.startsWith('secrets.') && !fieldErrors.has(key))
      fieldErrors.set(key, t('accounts.origin.reenter', { host }));
  }
  for (const fe of error?.fields ?? []) {
    const key = accountFieldKey(fe.field);
    if (!fieldErrors.has(key)) fieldErrors.set(key, fe.message);
  }
  const shown = new Set(
    [...(error?.fields ?? []), ...(originError?.fields ?? [])].map((fe) => fe.field),
  );

  const request = (confirmSecretOrigins?: string[]) => {
    const typed: Partial<Record<SecretName, string>> = {};
    for (const name of secretNames) {
      const value = secrets[name];
      if (value) typed[name] = value;
    }
    return {
      account: draftToAccount(draft),
      secrets: typed,
      ...(confirmSecretOrigins ? { confirmSecretOrigins } : {}),
    };
  };

  const run = async (kind: 'save' | 'test', confirmSecretOrigins?: string[]) => {
    setError(null);
    setTest(null);
    setChecked(true);
    if (accountProblems(draftToAccount(draft)).length > 0) {
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    setBusy(kind);
    try {
      if (kind === 'test') {
        const result = await getApi().call('accounts:test', request(confirmSecretOrigins));
        setTest(result);
      } else {
        props.onSaved(await getApi().call('accounts:save', request(confirmSecretOrigins)));
      }
    } catch (e) {
      setError(errorInfo(e));
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
    } finally {
      setBusy(null);
    }
  };

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
      onSubmit={(e) => {
        e.preventDefault();
        runHandled(run('save'));
      }}
    >
      <h2 id={`${id}-title`}>
        {props.existing
          ? t('accounts.form.edit', { name: props.existing.account.name })
          : t('accounts.form.new')}
      </h2>
      <SelectField
        id={`${id}-vendor`}
        label={t('field.vendor')}
        value={draft.vendor}
        disabled={props.existing !== null}
        options={VENDORS.map((v) => ({ value: v, label: VENDOR_LABELS[v] }))}
        onChange={(value) => {
          const vendor = value as VendorId;
          setDraft((d) => ({
            ...emptyDraft(vendor),
            values: {
              id: d.values.id ?? '',
              name: d.values.name ?? '',
              pollIntervalSec: d.values.pollIntervalSec ?? '60',
            },
          }));
        }}
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
      {secretNames.map((name) => {
        const err = fieldErrors.get(`secrets.${name}`);
        const fieldId = `${id}-secret-${name}`;
        const label = (
          <>
            {t(`secret.${name}`)}{' '}
            <span className="muted">
              ({stored.has(name) ? t('accounts.stored') : t('accounts.notStored')})
            </span>
          </>
        );
        return (
          <Field key={name} id={fieldId} label={label} error={err}>
            <input
              id={fieldId}
              type="password"
              autoComplete="off"
              placeholder={stored.has(name) ? t('accounts.secretKeep') : ''}
              value={secrets[name] ?? ''}
              {...fieldAria(fieldId, { error: !!err })}
              onChange={(e) => setSecrets((s) => ({ ...s, [name]: e.target.value }))}
            />
          </Field>
        );
      })}
      {fieldErrors.size > 0 && (
        <p className="form-summary" role="alert">
          {t('accounts.fixFields')}
        </p>
      )}
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
      {originError && origins.length > 0 && (
        <div className="notice origin-confirm" role="group" aria-labelledby={`${id}-origin`}>
          <p id={`${id}-origin`}>{t('accounts.origin.question', { host })}</p>
          <button
            type="button"
            disabled={busy !== null}
            onClick={() => runHandled(run(originError === testError ? 'test' : 'save', origins))}
          >
            {t('accounts.origin.confirm', { host })}
          </button>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy !== null}>
          {t('common.save')}
        </button>
        <button type="button" disabled={busy !== null} onClick={() => runHandled(run('test'))}>
          {busy === 'test' ? t('accounts.testing') : t('accounts.test')}
        </button>
        {props.existing && draft.authMode === 'pkce' && (
          <button
            type="button"
            onClick={() =>
              runHandled(
                getApi()
                  .call('accounts:sign-in', { accountId: props.existing?.account.id ?? '' })
                  .catch((e: unknown) => setError(errorInfo(e))),
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
    </form>
  );
}
