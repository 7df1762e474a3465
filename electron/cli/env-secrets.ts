// Secrets from environment variables (CI, containers), in front of the keychain:
// TASKTRAY_SECRET_<ACCOUNT>_<NAME>, e.g. TASKTRAY_SECRET_ACME_GEO_APIKEY for account "acme-geo".
// A refresh token given this way is single use: once spent, the one that replaced it is stored
// (keychain, else the session file) and used from then on, until the variable holds a new one.
import { createHash } from 'node:crypto';
import type { SecretName } from '../../shared/account';
import { translator, type Translate } from '../../shared/i18n/translate';
import { ORIGINS_ENTRY, type SecretEntryName, type SecretStore } from '../core/ports';
import { VendorError } from '../core/vendor-error';
import { KeychainUnavailableError } from '../platform/keychain';

export function secretEnvName(accountId: string, name: SecretName): string {
  return `TASKTRAY_SECRET_${accountId.replace(/-/g, '_').toUpperCase()}_${name.toUpperCase()}`;
}

/** The two ways to give the CLI a secret, for messages. */
export function howToSetSecret(
  accountId: string,
  name: SecretName,
  t: Translate = translator('en'),
): string {
  return t('cli.howToSetSecret', {
    name,
    account: accountId,
    variable: secretEnvName(accountId, name),
  });
}

/** Remembers which environment-given refresh token a stored one replaced. */
export interface RotationMemory {
  seed(accountId: string, name: SecretName): string | null;
  setSeed(accountId: string, name: SecretName, hash: string): void;
}

const ROTATING: readonly SecretName[] = ['refreshToken'];

function fingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export class EnvFirstSecretStore implements SecretStore {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly fallback: SecretStore,
    private readonly rotation?: RotationMemory,
  ) {}

  private fromEnv(accountId: string, name: SecretName): string | null {
    const value = this.env[secretEnvName(accountId, name)];
    return value !== undefined && value !== '' ? value : null;
  }

  async get(accountId: string, name: SecretEntryName): Promise<string | null> {
    if (name === ORIGINS_ENTRY) return this.fallback.get(accountId, name);
    const value = this.fromEnv(accountId, name);
    if (value === null) return this.stored(accountId, name);
    if (this.rotation && ROTATING.includes(name)) {
      // Already spent and replaced: the stored successor, not the spent value, is valid.
      if (this.rotation.seed(accountId, name) === fingerprint(value)) {
        const rotated = await this.stored(accountId, name);
        if (rotated) return rotated;
      }
    }
    return value;
  }

  private async stored(accountId: string, name: SecretName): Promise<string | null> {
    try {
      return await this.fallback.get(accountId, name);
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error;
      throw new VendorError('auth', '', {
        code: 'error.secretNotSet',
        params: {
          name,
          account: accountId,
          variable: secretEnvName(accountId, name),
          reason: `${error.message.charAt(0).toLowerCase()}${error.message.slice(1)}`,
        },
        hint: howToSetSecret(accountId, name),
        secret: name,
        cause: error,
      });
    }
  }

  async set(accountId: string, name: SecretEntryName, value: string): Promise<void> {
    await this.fallback.set(accountId, name, value);
    if (name === ORIGINS_ENTRY) return;
    const seed = this.fromEnv(accountId, name);
    if (this.rotation && seed !== null && ROTATING.includes(name))
      this.rotation.setSeed(accountId, name, fingerprint(seed));
  }

  delete(accountId: string, name: SecretEntryName): Promise<void> {
    return this.fallback.delete(accountId, name);
  }
}
