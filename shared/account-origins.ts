// The origins an account's secrets are sent to, computed from its URLs alone. Plain code, no schema
// library: the account form names the new host with it, and main binds stored secrets to it.

/** The error code for stored secrets saved for another host: windows offer to confirm the new one. */
export const ORIGIN_CHANGED_CODE = 'secrets_for_other_origin';

/** The URL fields of an account that secrets go to (whatever else it holds). */
export interface AccountUrls {
  vendor: string;
  baseUrl?: unknown;
  orchestratorUrl?: unknown;
  identityUrl?: unknown;
  origin?: unknown;
}

function originOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** The distinct origins, sorted; URLs that do not parse are left out. */
export function accountOrigins(account: AccountUrls): string[] {
  const urls =
    account.vendor === 'uipath'
      ? [account.orchestratorUrl, account.identityUrl]
      : account.vendor === 'workflowsvc'
        ? [account.origin]
        : [account.baseUrl];
  const origins = urls.map(originOf).filter((o): o is string => o !== null);
  return [...new Set(origins)].sort();
}

/** How a person reads those origins: host names (with a port where one is given). */
export function originHosts(origins: readonly string[]): string {
  return origins
    .map((origin) => (originOf(origin) === null ? origin : new URL(origin).host))
    .join(', ');
}
