// Stored secrets stay with the host they were saved for. Each account's keychain holds, next to its
// secrets, the origins they were saved for; a secret is handed out only while the account still
// points there, so editing a URL can never send a password to a new host.
import {
  SECRET_NAMES,
  enteredSecretNames,
  sameOrigins,
  secretOrigins,
  type Account,
  type SecretName,
} from '../../shared/account';
import { ORIGIN_CHANGED_CODE } from '../../shared/account-origins';
import { ORIGINS_ENTRY, type SecretStore } from './ports';
import { VendorError } from './vendor-error';

/** The origins an account's stored secrets were saved for; null when none were recorded. */
export async function boundOrigins(
  store: SecretStore,
  accountId: string,
): Promise<string[] | null> {
  const text = await store.get(accountId, ORIGINS_ENTRY);
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string'))
      return value;
  } catch {
    // An unreadable record binds to nothing: treated like a record for another host.
  }
  return [];
}

export async function bindSecrets(
  store: SecretStore,
  accountId: string,
  origins: readonly string[],
): Promise<void> {
  await store.set(accountId, ORIGINS_ENTRY, JSON.stringify([...origins].sort()));
}

export async function storedSecretNames(
  store: SecretStore,
  accountId: string,
): Promise<SecretName[]> {
  const names: SecretName[] = [];
  for (const name of SECRET_NAMES)
    if ((await store.get(accountId, name)) !== null) names.push(name);
  return names;
}

/** Forgets every secret of an account and the origins they were saved for. */
export async function forgetSecrets(store: SecretStore, accountId: string): Promise<void> {
  for (const name of SECRET_NAMES) await store.delete(accountId, name);
  await store.delete(accountId, ORIGINS_ENTRY);
}

/** What an account's keychain holds, and whether it may go to the account's origins now. */
export interface StoredSecretsCheck {
  trusted: boolean;
  stored: SecretName[];
  savedFor: string[] | null;
}

/**
 * Whether the stored secrets of this account id were saved for the account's origins: the
 * recorded origins, else (saved before they were recorded) the saved account's — or the user
 * confirmed these origins by name.
 */
export async function checkStoredSecrets(
  store: SecretStore,
  account: Account,
  saved: Account | undefined,
  confirmedOrigins: readonly string[] | null,
): Promise<StoredSecretsCheck> {
  const stored = await storedSecretNames(store, account.id);
  const savedFor = (await boundOrigins(store, account.id)) ?? (saved ? secretOrigins(saved) : null);
  const origins = secretOrigins(account);
  const trusted =
    stored.length === 0 ||
    (savedFor !== null && sameOrigins(savedFor, origins)) ||
    (confirmedOrigins !== null && sameOrigins(confirmedOrigins, origins));
  return { trusted, stored, savedFor };
}

/**
 * Before an account is saved with the secrets typed now: refuses stored secrets of another host
 * unless they were typed again or the new host confirmed, forgets what belongs to the old host,
 * and binds the keychain to the account's origins.
 */
export async function rebindSecretsForSave(
  store: SecretStore,
  account: Account,
  typed: Partial<Record<SecretName, string>>,
  check: StoredSecretsCheck,
  confirmedOrigins: readonly string[] | null,
): Promise<void> {
  const origins = secretOrigins(account);
  const confirmed = confirmedOrigins !== null && sameOrigins(confirmedOrigins, origins);
  if (!check.trusted && !confirmed) {
    const missing = secretsToReenter(account, check.stored, typed);
    if (missing.length > 0) throw originChangedError(account, check.savedFor, missing);
    // Everything typed again: what else is stored (sessions, tokens) belongs to the old host.
    for (const name of check.stored) if (!typed[name]) await store.delete(account.id, name);
  } else if (!check.trusted) {
    // The new host confirmed: the secrets the user entered go along, the old host's sessions not.
    const entered = enteredSecretNames(account);
    for (const name of check.stored)
      if (!entered.includes(name) && !typed[name]) await store.delete(account.id, name);
  }
  await bindSecrets(store, account.id, origins);
}

const list = (origins: readonly string[]) =>
  origins.length > 0 ? origins.join(', ') : 'another host';

/** Stored secrets exist for another host than the account's: what the user must do about it. */
export function originChangedError(
  account: Account,
  savedFor: readonly string[] | null,
  missing: readonly SecretName[],
): VendorError {
  const now = list(secretOrigins(account));
  return new VendorError('validation', '', {
    code:
      savedFor && savedFor.length > 0
        ? 'error.secretsForOtherOrigin'
        : 'error.secretsForUnknownOrigin',
    params: { name: account.name, savedFor: savedFor ? list(savedFor) : '', origins: now },
    hintCode: 'hint.secretsForOtherOrigin',
    vendorCode: ORIGIN_CHANGED_CODE,
    fields: missing.map((name) => ({
      field: `secrets.${name}`,
      message: `Enter it again for ${now}.`,
    })),
  });
}

/** The entered secrets an account needs that are stored but were not typed now. */
export function secretsToReenter(
  account: Account,
  stored: readonly SecretName[],
  typed: Partial<Record<SecretName, string>>,
): SecretName[] {
  return enteredSecretNames(account).filter((name) => stored.includes(name) && !typed[name]);
}

/**
 * A secret store for the engine: an account's secrets are handed out only while its URLs still
 * point at the origins they were saved for. Secrets recorded before origins were (no record yet)
 * are bound to the account's origins on first use. Setting a secret for new origins forgets the
 * ones saved for the old — unless `onSetForOtherOrigins` is 'refuse' (the app's engine: a token
 * arriving while an account's URLs change is refused, so it cannot wipe what the user just saved).
 */
export function originBoundSecrets(
  store: SecretStore,
  accountFor: (accountId: string) => Account | undefined,
  options: { onSetForOtherOrigins?: 'rebind' | 'refuse' } = {},
): SecretStore {
  const refuse = options.onSetForOtherOrigins === 'refuse';
  const refusal = (account: Account, name: SecretName, saved: readonly string[]) => {
    const now = secretOrigins(account);
    return new VendorError('auth', '', {
      code: 'error.storedSecretForOtherOrigin',
      params: { secret: name, name: account.name, savedFor: list(saved), origins: list(now) },
      hintCode: 'hint.reenterSecretsFor',
      vendorCode: ORIGIN_CHANGED_CODE,
      secret: name,
    });
  };
  return {
    async get(accountId, name) {
      const value = await store.get(accountId, name);
      const account = accountFor(accountId);
      if (value === null || name === ORIGINS_ENTRY || !account) return value;
      const now = secretOrigins(account);
      const saved = await boundOrigins(store, accountId);
      if (saved === null) {
        await bindSecrets(store, accountId, now);
        return value;
      }
      if (sameOrigins(saved, now)) return value;
      throw refusal(account, name, saved);
    },
    async set(accountId, name, value) {
      const account = accountFor(accountId);
      if (account && name !== ORIGINS_ENTRY) {
        const now = secretOrigins(account);
        const saved = await boundOrigins(store, accountId);
        const moved = saved !== null && !sameOrigins(saved, now);
        // The engine's tokens for an account whose URLs are being changed: kept out, and nothing
        // the user saved for the other host is wiped by it.
        if (moved && refuse) throw refusal(account, name, saved);
        if (moved) {
          for (const other of SECRET_NAMES)
            if (other !== name) await store.delete(accountId, other);
        }
        if (saved === null || moved) await bindSecrets(store, accountId, now);
      }
      await store.set(accountId, name, value);
    },
    delete: (accountId, name) => store.delete(accountId, name),
  };
}
