// Secrets from environment variables (CI, containers), in front of the keychain:
// TASKTRAY_SECRET_<ACCOUNT>_<NAME>, e.g. TASKTRAY_SECRET_ACME_GEO_APIKEY for account "acme-geo".
import type { SecretName } from '../../shared/account';
import { ORIGINS_ENTRY, type SecretEntryName, type SecretStore } from '../core/ports';
import { VendorError } from '../core/vendor-error';
import { KeychainUnavailableError } from '../platform/keychain';

export function secretEnvName(accountId: string, name: SecretName): string {
  return `TASKTRAY_SECRET_${accountId.replace(/-/g, '_').toUpperCase()}_${name.toUpperCase()}`;
}

/** The two ways to give the CLI a secret, for messages. */
export function howToSetSecret(accountId: string, name: SecretName): string {
  return `To give Tasktray the ${name}: \`tasktray secret set ${accountId} ${name}\` (reads it from standard input), or set ${secretEnvName(accountId, name)}.`;
}

export class EnvFirstSecretStore implements SecretStore {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly fallback: SecretStore,
  ) {}

  async get(accountId: string, name: SecretEntryName): Promise<string | null> {
    if (name === ORIGINS_ENTRY) return this.fallback.get(accountId, name);
    const value = this.env[secretEnvName(accountId, name)];
    if (value !== undefined && value !== '') return value;
    try {
      return await this.fallback.get(accountId, name);
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error;
      throw new VendorError(
        'auth',
        `No ${name} for account “${accountId}”: ${secretEnvName(accountId, name)} is not set and ${error.message.charAt(0).toLowerCase()}${error.message.slice(1)}`,
        { hint: howToSetSecret(accountId, name), secret: name, cause: error },
      );
    }
  }

  set(accountId: string, name: SecretEntryName, value: string): Promise<void> {
    return this.fallback.set(accountId, name, value);
  }

  delete(accountId: string, name: SecretEntryName): Promise<void> {
    return this.fallback.delete(accountId, name);
  }
}
