// Whose limits an account's requests and sign-ins count against: the vendor's account (its host,
// tenant, user or client), not the id the account was given in this app or that config file. The
// tray app and the `tasktray` CLI each name their accounts, so the same vendor account may be
// `acme-geo` in one and `geo` in the other; counted under this key they keep to one limit.
import { createHash } from 'node:crypto';
import type { Account } from '../../shared/account';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The host a vendor is reached at. The demo's simulator listens on a new loopback port each run:
 * without its port, every run counts in the same files, which the next one cleans up, instead of
 * leaving a folder per run behind.
 */
function hostOf(url: string): string {
  const parsed = new URL(url);
  return LOOPBACK.has(parsed.hostname) ? `${parsed.protocol}//${parsed.hostname}` : parsed.origin;
}

/** What identifies the vendor's account: the fields its limits are kept by. */
function identity(account: Account): string[] {
  switch (account.vendor) {
    case 'geotareas':
      // Limits count per user (or API key) of the tenant.
      return [hostOf(account.baseUrl), account.tenant.toLowerCase(), account.email.toLowerCase()];
    case 'uipath': {
      const { pathname } = new URL(account.orchestratorUrl);
      return [
        hostOf(account.orchestratorUrl),
        pathname.replace(/\/+$/, '').toLowerCase(),
        account.auth.mode,
        account.auth.mode === 'pat' ? '' : account.auth.clientId,
      ];
    }
    case 'workflowsvc':
      return [hostOf(account.origin), account.nsfilter, account.userId];
    case 'maxsight':
      return [hostOf(account.baseUrl), account.userId];
  }
}

/** A file-name-safe key, the same for one vendor account in every process and config. */
export function limitsKey(account: Account): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([account.vendor, ...identity(account)]))
    .digest('hex');
  return `${account.vendor}-${digest.slice(0, 16)}`;
}
