// What each vendor's account form asks for, and how its text inputs become an account. Main
// validates the result (AccountSchema); this only shapes it.
import type { AccountInput, SecretName } from '../../shared/account';
import type { AccountView } from '../../shared/ipc';
import type { VendorId } from '../../shared/task';
import type { MessageKey } from '../i18n';

export interface FieldSpec {
  name: string;
  label: MessageKey;
  input: 'text' | 'url' | 'email' | 'number';
  optional?: boolean;
  /** Shown only for these sign-in methods. */
  forAuth?: string[];
}

export interface VendorForm {
  fields: FieldSpec[];
  authModes: string[];
  /** The secrets to ask for, by sign-in method (vendors without one use ''). */
  secrets: (authMode: string) => SecretName[];
}

export const VENDOR_FORMS: Record<VendorId, VendorForm> = {
  geotareas: {
    fields: [
      { name: 'baseUrl', label: 'field.baseUrl', input: 'url' },
      { name: 'tenant', label: 'field.tenant', input: 'text' },
      { name: 'email', label: 'field.email', input: 'email' },
      { name: 'timeZone', label: 'field.timeZone', input: 'text', optional: true },
      { name: 'webUrl', label: 'field.webUrl', input: 'url', optional: true },
    ],
    authModes: [],
    secrets: () => ['password', 'apiKey'],
  },
  uipath: {
    fields: [
      { name: 'orchestratorUrl', label: 'field.orchestratorUrl', input: 'url' },
      { name: 'identityUrl', label: 'field.identityUrl', input: 'url' },
      {
        name: 'clientId',
        label: 'field.clientId',
        input: 'text',
        forAuth: ['pkce', 'client_credentials'],
      },
    ],
    authModes: ['pat', 'pkce', 'client_credentials'],
    secrets: (mode) =>
      mode === 'pat' ? ['accessToken'] : mode === 'client_credentials' ? ['clientSecret'] : [],
  },
  workflowsvc: {
    fields: [
      { name: 'origin', label: 'field.origin', input: 'url' },
      { name: 'nsfilter', label: 'field.nsfilter', input: 'text' },
      { name: 'userId', label: 'field.userId', input: 'text' },
      { name: 'clientId', label: 'field.clientId', input: 'text', forAuth: ['pkce'] },
      {
        name: 'overdueAfterHours',
        label: 'field.overdueAfterHours',
        input: 'number',
        optional: true,
      },
    ],
    authModes: ['token', 'pkce'],
    secrets: (mode) => (mode === 'token' ? ['accessToken'] : []),
  },
  maxsight: {
    fields: [
      { name: 'baseUrl', label: 'field.baseUrl', input: 'url' },
      { name: 'userId', label: 'field.userId', input: 'text' },
      { name: 'webUrl', label: 'field.webUrl', input: 'url', optional: true },
      {
        name: 'overdueAfterHours',
        label: 'field.overdueAfterHours',
        input: 'number',
        optional: true,
      },
    ],
    authModes: [],
    secrets: () => ['apiKey'],
  },
};

export interface AccountDraft {
  vendor: VendorId;
  authMode: string;
  values: Record<string, string>;
}

export function emptyDraft(vendor: VendorId): AccountDraft {
  return {
    vendor,
    authMode: VENDOR_FORMS[vendor].authModes[0] ?? '',
    values: { id: '', name: '', pollIntervalSec: '60' },
  };
}

export function draftFromView(view: AccountView): AccountDraft {
  const { account } = view;
  const values: Record<string, string> = {};
  let authMode = '';
  for (const [key, value] of Object.entries(account)) {
    if (key === 'auth' && typeof value === 'object' && value !== null) {
      const auth = value as Record<string, unknown>;
      authMode = String(auth.mode);
      if (typeof auth.clientId === 'string') values.clientId = auth.clientId;
    } else if (key !== 'vendor' && value !== undefined) {
      values[key] = String(value);
    }
  }
  return { vendor: account.vendor, authMode, values };
}

function visibleFields(draft: AccountDraft): FieldSpec[] {
  return VENDOR_FORMS[draft.vendor].fields.filter(
    (f) => !f.forAuth || f.forAuth.includes(draft.authMode),
  );
}

export function fieldsFor(draft: AccountDraft): FieldSpec[] {
  return visibleFields(draft);
}

/** The account main will validate: numbers as numbers, empty optional fields left out. */
export function draftToAccount(draft: AccountDraft): AccountInput {
  const out: Record<string, unknown> = {
    id: draft.values.id?.trim() ?? '',
    name: draft.values.name?.trim() ?? '',
    vendor: draft.vendor,
    pollIntervalSec: Number(draft.values.pollIntervalSec || 60),
  };
  for (const field of visibleFields(draft)) {
    if (field.name === 'clientId') continue;
    const value = draft.values[field.name]?.trim() ?? '';
    if (value === '' && field.optional) continue;
    out[field.name] = field.input === 'number' ? Number(value) : value;
  }
  if (VENDOR_FORMS[draft.vendor].authModes.length > 0) {
    out.auth = {
      mode: draft.authMode,
      ...(draft.authMode === 'pkce' || draft.authMode === 'client_credentials'
        ? { clientId: draft.values.clientId?.trim() ?? '' }
        : {}),
    };
  }
  return out as AccountInput;
}

/** An error's field ("account.baseUrl", "account.auth.clientId", "secrets.apiKey") as a form key. */
export function accountFieldKey(path: string): string {
  return path.replace(/^account\./, '').replace(/^auth\./, '');
}
