// Saving or testing an account from its form: the shared check first (its findings go on their
// fields), then main; a refusal focuses the first field it names.
import { useState, type RefObject } from 'react';
import type { SecretName } from '../../shared/account';
import { accountProblems } from '../../shared/account-check';
import { ORIGIN_CHANGED_CODE, accountOrigins, originHosts } from '../../shared/account-origins';
import type { VendorErrorInfo } from '../../shared/errors';
import type { AccountTestResult, AccountView } from '../../shared/ipc';
import { getApi } from '../api';
import { errorInfo } from '../errors';
import type { Translate } from '../i18n';
import { accountFieldKey, draftToAccount, type AccountDraft } from './account-form';
import type { TypedSecrets } from './SecretFields';

export type AccountAction = 'save' | 'test';

export function useAccountSubmit(options: {
  draft: AccountDraft;
  secretNames: readonly SecretName[];
  secrets: TypedSecrets;
  formRef: RefObject<HTMLFormElement | null>;
  onSaved: (view: AccountView) => void;
}) {
  const { draft, secretNames, secrets, formRef } = options;
  const [error, setError] = useState<VendorErrorInfo | null>(null);
  const [test, setTest] = useState<AccountTestResult | null>(null);
  const [busy, setBusy] = useState<AccountAction | null>(null);
  // The shared check's findings are shown from the first save or test on.
  const [checked, setChecked] = useState(false);

  const focusInvalid = () =>
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );

  const request = (confirmSecretOrigins?: string[]) => {
    const typed: TypedSecrets = {};
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

  const run = async (kind: AccountAction, confirmSecretOrigins?: string[]) => {
    setError(null);
    setTest(null);
    setChecked(true);
    if (accountProblems(draftToAccount(draft)).length > 0) {
      focusInvalid();
      return;
    }
    setBusy(kind);
    try {
      if (kind === 'test') {
        const result = await getApi().call('accounts:test', request(confirmSecretOrigins));
        setTest(result);
      } else {
        options.onSaved(await getApi().call('accounts:save', request(confirmSecretOrigins)));
      }
    } catch (e) {
      setError(errorInfo(e));
      focusInvalid();
    } finally {
      setBusy(null);
    }
  };

  return { error, setError, test, busy, checked, run };
}

/** What the form shows on its fields, and the refusal about stored secrets of another host. */
export interface AccountFormErrors {
  /** By field key (`accountFieldKey`): the first finding for each. */
  fieldErrors: Map<string, string>;
  /** The error fields shown on the form, which the error boxes then leave out. */
  shown: Set<string>;
  /** Stored secrets saved for another host than the one typed now, from a save or a test. */
  originError: VendorErrorInfo | null;
  /** Which action refused them: the confirmation repeats it. */
  originAction: AccountAction;
  origins: string[];
  host: string;
}

export function accountFormErrors(
  draft: AccountDraft,
  checked: boolean,
  error: VendorErrorInfo | null,
  test: AccountTestResult | null,
  t: Translate,
): AccountFormErrors {
  const account = draftToAccount(draft);
  const fieldErrors = new Map<string, string>();
  const add = (path: string, message: () => string) => {
    const key = accountFieldKey(path);
    if (!fieldErrors.has(key)) fieldErrors.set(key, message());
  };
  for (const p of checked ? accountProblems(account) : [])
    add(p.field, () => t(`accounts.problem.${p.code}`));
  const testError = test && !test.ok ? test.error : null;
  const originError = [error, testError].find((e) => e?.vendorCode === ORIGIN_CHANGED_CODE) ?? null;
  const origins = accountOrigins(account);
  const host = originHosts(origins);
  // Which stored secrets to type again, with an explicit "use them with <host>" instead.
  for (const fe of originError?.fields ?? [])
    if (fe.field.startsWith('secrets.'))
      add(fe.field, () => t('accounts.origin.reenter', { host }));
  for (const fe of error?.fields ?? []) add(fe.field, () => fe.message);
  const shown = new Set(
    [...(error?.fields ?? []), ...(originError?.fields ?? [])].map((fe) => fe.field),
  );
  return {
    fieldErrors,
    shown,
    originError,
    originAction: originError === testError ? 'test' : 'save',
    origins,
    host,
  };
}
