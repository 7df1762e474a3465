// The one check of an account's fields, run by the account form as the user types and again by
// main before a save or a test. It never throws, whatever it is given, and reports every problem
// at once, each on its field. Plain code, no schema library: the windows load it too.

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export const ACCOUNT_PROBLEMS = [
  'required',
  'id',
  'email',
  'timeZone',
  'url',
  'https',
  'credentialsInUrl',
  'positiveInteger',
  'positiveNumber',
  'vendor',
] as const;
export type AccountProblemCode = (typeof ACCOUNT_PROBLEMS)[number];

/** A problem with one field, named by its path in the account ("baseUrl", "auth.clientId"). */
export interface AccountProblem {
  field: string;
  code: AccountProblemCode;
}

/** Main's words for each problem (the windows say it in their own language). */
export const ACCOUNT_PROBLEM_TEXT: Record<AccountProblemCode, string> = {
  required: 'is required',
  id: 'use lower-case letters, digits and dashes (up to 63), starting with a letter or digit',
  email: 'must be an email address such as ana@example.com',
  timeZone: 'must be an IANA time zone such as Europe/Madrid',
  url: 'must be a full address starting with https://',
  https: 'must be an https URL (plain http only on this machine’s loopback address)',
  credentialsInUrl: 'must not contain a user name or password; put secrets in their own fields',
  positiveInteger: 'must be a whole number above 0',
  positiveNumber: 'must be a number above 0',
  vendor: 'must be one of uipath, workflowsvc, maxsight, geotareas',
};

/** Why a vendor URL is not acceptable, or null: https (http on loopback only), no credentials. */
export function vendorUrlProblem(value: string): AccountProblemCode | null {
  if (value.trim() === '') return 'required';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'url';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'url';
  if (url.username !== '' || url.password !== '') return 'credentialsInUrl';
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) return 'https';
  return null;
}

export function timeZoneProblem(zone: string): AccountProblemCode | null {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return null;
  } catch {
    return 'timeZone';
  }
}

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
// The common shape of an address; the vendor's sign-in is the real judge.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

type FieldKind = 'text' | 'url' | 'email' | 'timeZone' | 'positiveNumber';
interface FieldRule {
  kind: FieldKind;
  optional?: boolean;
}

const VENDOR_FIELDS: Record<string, Record<string, FieldRule>> = {
  geotareas: {
    baseUrl: { kind: 'url' },
    tenant: { kind: 'text' },
    email: { kind: 'email' },
    timeZone: { kind: 'timeZone', optional: true },
    webUrl: { kind: 'url', optional: true },
  },
  uipath: { orchestratorUrl: { kind: 'url' }, identityUrl: { kind: 'url' } },
  workflowsvc: {
    origin: { kind: 'url' },
    nsfilter: { kind: 'text' },
    userId: { kind: 'text' },
    overdueAfterHours: { kind: 'positiveNumber', optional: true },
  },
  maxsight: {
    baseUrl: { kind: 'url' },
    userId: { kind: 'text' },
    webUrl: { kind: 'url', optional: true },
    overdueAfterHours: { kind: 'positiveNumber', optional: true },
  },
};

/** Sign-in methods that need a client id. */
const CLIENT_ID_MODES = new Set(['pkce', 'client_credentials']);

function isBlank(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

function fieldProblem(rule: FieldRule, value: unknown): AccountProblemCode | null {
  if (isBlank(value)) return rule.optional ? null : 'required';
  if (rule.kind === 'positiveNumber') {
    return typeof value === 'number' && Number.isFinite(value) && value > 0
      ? null
      : 'positiveNumber';
  }
  if (typeof value !== 'string') return 'required';
  switch (rule.kind) {
    case 'url':
      return vendorUrlProblem(value);
    case 'email':
      return EMAIL_PATTERN.test(value.trim()) ? null : 'email';
    case 'timeZone':
      return timeZoneProblem(value.trim());
    default:
      return null;
  }
}

/** Every problem with an account as typed (before defaults are applied), in form order. */
export function accountProblems(input: unknown): AccountProblem[] {
  const account = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  const problems: AccountProblem[] = [];
  const add = (field: string, code: AccountProblemCode | null) => {
    if (code) problems.push({ field, code });
  };
  const vendor = typeof account.vendor === 'string' ? account.vendor : '';
  const rules = Object.hasOwn(VENDOR_FIELDS, vendor) ? VENDOR_FIELDS[vendor] : undefined;
  if (!rules) add('vendor', 'vendor');
  const id = account.id;
  add('id', isBlank(id) ? 'required' : typeof id === 'string' && ID_PATTERN.test(id) ? null : 'id');
  add('name', isBlank(account.name) ? 'required' : null);
  for (const [name, rule] of Object.entries(rules ?? {}))
    add(name, fieldProblem(rule, account[name]));
  const poll = account.pollIntervalSec;
  if (poll !== undefined && !(typeof poll === 'number' && Number.isInteger(poll) && poll > 0)) {
    add('pollIntervalSec', 'positiveInteger');
  }
  const auth = account.auth;
  if (vendor === 'uipath' || vendor === 'workflowsvc') {
    const mode =
      typeof auth === 'object' && auth !== null ? (auth as Record<string, unknown>).mode : null;
    if (typeof mode !== 'string' || mode === '') add('auth.mode', 'required');
    else if (CLIENT_ID_MODES.has(mode) && isBlank((auth as Record<string, unknown>).clientId)) {
      add('auth.clientId', 'required');
    }
  }
  return problems;
}
