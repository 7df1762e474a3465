// Account settings per vendor. Secrets are never part of these: they live in the OS keychain.
import { z } from 'zod';
import { ACCOUNT_PROBLEM_TEXT, vendorUrlProblem } from './account-check';
import { accountOrigins } from './account-origins';

/** https for vendor URLs, except loopback (the simulator and local test hosts); never throws. */
export const VendorUrlSchema = z
  .string()
  .superRefine((value, ctx) => {
    const problem = vendorUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: ACCOUNT_PROBLEM_TEXT[problem] });
  })
  .transform((value) => value.replace(/\/+$/, ''));

const TimeZoneSchema = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Europe/Madrid' },
);

const accountBase = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, ACCOUNT_PROBLEM_TEXT.id),
  name: z.string().min(1),
  /** Poll interval in seconds; the scheduler raises it to the vendor's floor. */
  pollIntervalSec: z.number().int().positive().default(60),
};

export const GeoTareasAccountSchema = z.object({
  ...accountBase,
  vendor: z.literal('geotareas'),
  /** `https://{tenantHost}/apidev/v1` */
  baseUrl: VendorUrlSchema,
  /** The company hostname sent in the `tenant` header, e.g. yourcompany.geotareas.com. */
  tenant: z.string().min(1),
  email: z.string().email(),
  /**
   * GeoTareas sends times without a zone; they are read in this IANA zone. Absent: the
   * machine's zone (the vendor documents none, and tenants are usually local to their users).
   */
  timeZone: TimeZoneSchema.optional(),
  /** The GeoTareas web app, for "open in GeoTareas"; its task page path is an assumption in the adapter. */
  webUrl: VendorUrlSchema.optional(),
});

export const UiPathAuthSchema = z.discriminatedUnion('mode', [
  /** Authorization Code + PKCE in the system browser: a non-confidential external application. */
  z.object({
    mode: z.literal('pkce'),
    clientId: z.string().min(1),
    scopes: z.string().default('OR.Tasks OR.Folders.Read OR.Users.Read offline_access'),
  }),
  /** A personal access token pasted by the user (kept in the keychain). */
  z.object({ mode: z.literal('pat') }),
  /** A confidential app acting as itself; the secret is kept in the keychain. */
  z.object({
    mode: z.literal('client_credentials'),
    clientId: z.string().min(1),
    scopes: z.string().default('OR.Tasks OR.Folders.Read OR.Users.Read'),
  }),
]);

export const UiPathAccountSchema = z.object({
  ...accountBase,
  vendor: z.literal('uipath'),
  /** `https://cloud.uipath.com/{org}/{tenant}/orchestrator_` */
  orchestratorUrl: VendorUrlSchema,
  /** Identity server at organisation level, e.g. `https://cloud.uipath.com/identity_`. */
  identityUrl: VendorUrlSchema,
  auth: UiPathAuthSchema,
});

export const WorkflowSvcAuthSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('pkce'), clientId: z.string().min(1) }),
  z.object({ mode: z.literal('token') }),
]);

export const WorkflowSvcAccountSchema = z.object({
  ...accountBase,
  vendor: z.literal('workflowsvc'),
  /** e.g. `https://api.invicara.com`; the service lives at `/workflowsvc/api/v1`. */
  origin: VendorUrlSchema,
  /** The project namespace sent as `nsfilter` on every call. */
  nsfilter: z.string().min(1),
  /** The user's id as it appears in `_userInputPermissions`. */
  userId: z.string().min(1),
  auth: WorkflowSvcAuthSchema,
  /** workflowsvc has no due field: runs without `_timeoutSeconds` are overdue after this many hours. */
  overdueAfterHours: z.number().positive().default(48),
});

export const MaxsightAccountSchema = z.object({
  ...accountBase,
  vendor: z.literal('maxsight'),
  /** `https://api.{region}.maxsight.com/v5` */
  baseUrl: VendorUrlSchema,
  /** The user's Maxsight id: "my tasks" are those assigned to it. */
  userId: z.string().min(1),
  /** Where Maxsight's own screens live, for "open in Maxsight". */
  webUrl: VendorUrlSchema.optional(),
  /** Maxsight has no due field: tasks are overdue after this many hours. */
  overdueAfterHours: z.number().positive().default(72),
});

export const AccountSchema = z.discriminatedUnion('vendor', [
  GeoTareasAccountSchema,
  UiPathAccountSchema,
  WorkflowSvcAccountSchema,
  MaxsightAccountSchema,
]);
export type Account = z.infer<typeof AccountSchema>;
export type AccountInput = z.input<typeof AccountSchema>;
export type GeoTareasAccount = z.infer<typeof GeoTareasAccountSchema>;
export type UiPathAccount = z.infer<typeof UiPathAccountSchema>;
export type WorkflowSvcAccount = z.infer<typeof WorkflowSvcAccountSchema>;
export type MaxsightAccount = z.infer<typeof MaxsightAccountSchema>;

/** The keychain entries each account may have, by name. */
export const SECRET_NAMES = [
  'password',
  'apiKey',
  'accessToken',
  'refreshToken',
  'clientSecret',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/**
 * The origins an account's secrets are sent to. Stored secrets are bound to these: when they
 * change, the secrets must be entered again (or the new host explicitly confirmed).
 */
export function secretOrigins(account: Account): string[] {
  return accountOrigins(account);
}

export function sameOrigins(a: readonly string[], b: readonly string[]): boolean {
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((origin, i) => origin === right[i]);
}

/** The secrets a person types for an account (tokens from a browser sign-in are not among them). */
export function enteredSecretNames(account: Account): SecretName[] {
  switch (account.vendor) {
    case 'geotareas':
      return ['password', 'apiKey'];
    case 'maxsight':
      return ['apiKey'];
    case 'uipath':
      return account.auth.mode === 'pat'
        ? ['accessToken']
        : account.auth.mode === 'client_credentials'
          ? ['clientSecret']
          : [];
    case 'workflowsvc':
      return account.auth.mode === 'token' ? ['accessToken'] : [];
  }
}
