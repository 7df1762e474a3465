// Secrets from environment variables (CI, containers), in front of the keychain:
// TASKTRAY_SECRET_<ACCOUNT>_<NAME>, e.g. TASKTRAY_SECRET_ACME_GEO_APIKEY for account "acme-geo".
import type { SecretName } from '../../shared/account';
import type { SecretStore } from '../core/ports';

export function secretEnvName(accountId: string, name: SecretName): string {
  return `TASKTRAY_SECRET_${accountId.replace(/-/g, '_').toUpperCase()}_${name.toUpperCase()}`;
}

export class EnvFirstSecretStore implements SecretStore {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly fallback: SecretStore,
  ) {}

  async get(accountId: string, name: SecretName): Promise<string | null> {
    const value = this.env[secretEnvName(accountId, name)];
    if (value !== undefined && value !== '') return value;
    return this.fallback.get(accountId, name);
  }

  set(accountId: string, name: SecretName, value: string): Promise<void> {
    return this.fallback.set(accountId, name, value);
  }

  delete(accountId: string, name: SecretName): Promise<void> {
    return this.fallback.delete(accountId, name);
  }
}
