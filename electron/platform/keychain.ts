// The OS keychain through keytar, shared by the tray app and the CLI: service "Tasktray", one
// entry per account and secret, so a secret stored by one is read by the other.
import type { SecretName } from '../../shared/account';
import type { SecretStore } from '../core/ports';

export const KEYCHAIN_SERVICE = 'Tasktray';

export function keychainAccount(accountId: string, name: SecretName): string {
  return `${accountId}/${name}`;
}

interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export class KeychainUnavailableError extends Error {
  constructor(cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(
      `The system keychain is not available (${detail}). On Linux, a Secret Service such as GNOME Keyring must be running and unlocked.`,
      { cause },
    );
    this.name = 'KeychainUnavailableError';
  }
}

async function loadKeytar(): Promise<KeytarApi> {
  try {
    const module = (await import('keytar')) as KeytarApi & { default?: KeytarApi };
    return module.default ?? module;
  } catch (error) {
    throw new KeychainUnavailableError(error);
  }
}

export class KeytarSecretStore implements SecretStore {
  private keytar: Promise<KeytarApi> | null = null;

  private api(): Promise<KeytarApi> {
    this.keytar ??= loadKeytar();
    return this.keytar;
  }

  private async call<T>(fn: (api: KeytarApi) => Promise<T>): Promise<T> {
    const api = await this.api();
    try {
      return await fn(api);
    } catch (error) {
      throw new KeychainUnavailableError(error);
    }
  }

  get(accountId: string, name: SecretName): Promise<string | null> {
    return this.call((api) => api.getPassword(KEYCHAIN_SERVICE, keychainAccount(accountId, name)));
  }

  set(accountId: string, name: SecretName, value: string): Promise<void> {
    return this.call((api) =>
      api.setPassword(KEYCHAIN_SERVICE, keychainAccount(accountId, name), value),
    );
  }

  async delete(accountId: string, name: SecretName): Promise<void> {
    await this.call((api) =>
      api.deletePassword(KEYCHAIN_SERVICE, keychainAccount(accountId, name)),
    );
  }
}
