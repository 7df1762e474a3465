// Whose limits an account's requests and sign-ins count against: the vendor's account (its host,
// tenant, user or client), not the id the account was given in this app or that config file. The
// tray app and the `tasktray` CLI each name their accounts, so the same vendor account may be
// `acme-geo` in one and `geo` in the other; counted under this key they keep to one limit.
import { createHash } from 'node:crypto';
import type { Account } from '../../shared/account';

/** What identifies the vendor's account: the fields its limits are kept by. */
function identity(account: Account): string[] {
  switch (account.vendor) {
    case 'geotareas':
      // Limits count per user (or API key) of the tenant.
      return [
        new URL(account.baseUrl).origin,
        account.tenant.toLowerCase(),
        account.email.toLowerCase(),
      ];
    case 'uipath':
      return [
        new URL(account.orchestratorUrl).href.replace(/\/+$/, '').toLowerCase(),
        account.auth.mode,
        account.auth.mode === 'pat' ? '' : account.auth.clientId,
      ];
    case 'workflowsvc':
      return [new URL(account.origin).origin, account.nsfilter, account.userId];
    case 'maxsight':
      return [new URL(account.baseUrl).origin, account.userId];
  }
}

/** A file-name-safe key, the same for one vendor account in every process and config. */
export function limitsKey(account: Account): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([account.vendor, ...identity(account)]))
    .digest('hex');
  return `${account.vendor}-${digest.slice(0, 16)}`;
}
