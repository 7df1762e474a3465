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
import { ORIGINS_ENTRY, type SecretStore } from './ports';
import { VendorError } from './vendor-error';

/** Windows recognise this code and may offer to confirm the new host. */
export const ORIGIN_CHANGED_CODE = 'secrets_for_other_origin';

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
