// The app's secrets: the OS keychain (keytar, shared with the CLI) first. Where there is none
// (Linux without a Secret Service), Electron's safeStorage encrypts them into a file of their own
// — never the settings file. Where that cannot encrypt for real either, saving is refused.
import type { SecretName } from '../../shared/account';
import type { KeyValueStore, SecretStore } from '../core/ports';
import { VendorError } from '../core/vendor-error';
import { KeychainUnavailableError, keychainAccount } from '../platform/keychain';

/** The slice of Electron's `safeStorage` used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: "basic_text" means a hard-coded key, which is no protection at all. */
  getSelectedStorageBackend?(): string;
}

export function canEncrypt(safeStorage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend) {
    const backend = safeStorage.getSelectedStorageBackend();
    return backend !== 'basic_text' && backend !== 'unknown';
  }
  return true;
}

export function noSafePlaceError(cause: unknown): VendorError {
  return new VendorError(
    'unsupported',
    'Tasktray cannot keep this secret safely: there is no system keychain and no encryption ' +
      'available, so nothing was saved.',
    {
      hintCode: 'hint.secretService',
      cause,
    },
  );
}

export class KeychainFirstSecretStore implements SecretStore {
  constructor(
    private readonly keychain: SecretStore,
    private readonly fallback: KeyValueStore,
    private readonly safeStorage: SafeStorageLike,
    private readonly platform: NodeJS.Platform,
  ) {}

  async get(accountId: string, name: SecretName): Promise<string | null> {
    try {
      return await this.keychain.get(accountId, name);
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error;
      const stored = this.fallback.get(keychainAccount(accountId, name));
      if (typeof stored !== 'string') return null;
      if (!canEncrypt(this.safeStorage, this.platform)) throw noSafePlaceError(error);
      return this.safeStorage.decryptString(Buffer.from(stored, 'base64'));
    }
  }

  async set(accountId: string, name: SecretName, value: string): Promise<void> {
    try {
      await this.keychain.set(accountId, name, value);
      // A copy left over from a time without a keychain must not outlive the real entry.
      this.fallback.delete(keychainAccount(accountId, name));
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error;
      if (!canEncrypt(this.safeStorage, this.platform)) throw noSafePlaceError(error);
      const encrypted = this.safeStorage.encryptString(value).toString('base64');
      this.fallback.set(keychainAccount(accountId, name), encrypted);
    }
  }

  async delete(accountId: string, name: SecretName): Promise<void> {
    this.fallback.delete(keychainAccount(accountId, name));
    try {
      await this.keychain.delete(accountId, name);
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error;
    }
  }
}
