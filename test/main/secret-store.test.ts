// Secrets: the keychain first (real keytar against gnome-keyring under scripts/with-keyring.sh),
// safeStorage into a file of its own where there is no keychain, and a refusal where neither is safe.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryStore, type SecretStore } from '../../electron/core/ports';
import { VendorError } from '../../electron/core/vendor-error';
import {
  KeychainFirstSecretStore,
  canEncrypt,
  type SafeStorageLike,
} from '../../electron/main/secret-store';
import { KeychainUnavailableError, KeytarSecretStore } from '../../electron/platform/keychain';
import { hasTestKeyring, requireKeyringInCi } from '../helpers/keyring';

requireKeyringInCi();

/** A keychain whose Secret Service is missing: what KeytarSecretStore throws on such a Linux. */
const noKeychain: SecretStore = {
  get: async () => {
    throw new KeychainUnavailableError(
      new Error('The name org.freedesktop.secrets was not provided'),
    );
  },
  set: async () => {
    throw new KeychainUnavailableError(
      new Error('The name org.freedesktop.secrets was not provided'),
    );
  },
  delete: async () => {
    throw new KeychainUnavailableError(
      new Error('The name org.freedesktop.secrets was not provided'),
    );
  },
};

/** safeStorage's contract with real encryption (AES-GCM), standing in for the OS-backed one. */
function aesSafeStorage(backend = 'gnome_libsecret', available = true): SafeStorageLike {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (text) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString: (data) => {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

describe('secrets without a keychain', () => {
  it('keeps them encrypted by safeStorage in their own store, never as plain text', async () => {
    const file = new MemoryStore();
    const store = new KeychainFirstSecretStore(noKeychain, file, aesSafeStorage(), 'linux');
    await store.set('acme', 'password', 'pa55-word');
    const stored = file.get('acme/password');
    expect(typeof stored).toBe('string');
    expect(Buffer.from(stored as string, 'base64').toString('latin1')).not.toContain('pa55-word');
    expect(await store.get('acme', 'password')).toBe('pa55-word');
    expect(await store.get('acme', 'apiKey')).toBeNull();
    await store.delete('acme', 'password');
    expect(await store.get('acme', 'password')).toBeNull();
  });

  it('refuses to save where safeStorage cannot really encrypt, and saves nothing', async () => {
    for (const safe of [aesSafeStorage('basic_text'), aesSafeStorage('gnome_libsecret', false)]) {
      const file = new MemoryStore();
      const store = new KeychainFirstSecretStore(noKeychain, file, safe, 'linux');
      const error = await store.set('acme', 'password', 'pa55-word').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VendorError);
      expect((error as VendorError).kind).toBe('unsupported');
      expect((error as VendorError).message).toMatch(
        /cannot keep this secret safely.*nothing was saved/,
      );
      expect((error as VendorError).hint).toMatch(/Secret Service/);
      expect(file.get('acme/password')).toBeUndefined();
    }
  });

  it('judges safeStorage by its backend only on Linux', () => {
    expect(canEncrypt(aesSafeStorage('basic_text'), 'linux')).toBe(false);
    expect(canEncrypt(aesSafeStorage('kwallet5'), 'linux')).toBe(true);
    expect(canEncrypt(aesSafeStorage('basic_text'), 'darwin')).toBe(true);
    expect(canEncrypt(aesSafeStorage('x', false), 'win32')).toBe(false);
  });

  it('passes other failures through instead of falling back', async () => {
    const broken: SecretStore = {
      ...noKeychain,
      set: async () => Promise.reject(new Error('disk on fire')),
    };
    const store = new KeychainFirstSecretStore(
      broken,
      new MemoryStore(),
      aesSafeStorage(),
      'linux',
    );
    await expect(store.set('a', 'apiKey', 'x')).rejects.toThrow('disk on fire');
  });
});

describe.runIf(hasTestKeyring)('secrets with a real keychain (gnome-keyring)', () => {
  it('go to the keychain, where the CLI reads them, and a stale fallback copy is removed', async () => {
    const file = new MemoryStore();
    file.set('shell-kc/password', 'c3RhbGU=');
    const store = new KeychainFirstSecretStore(
      new KeytarSecretStore(),
      file,
      aesSafeStorage(),
      'linux',
    );
    await store.set('shell-kc', 'password', 'from-the-app');
    expect(file.get('shell-kc/password')).toBeUndefined();
    expect(await new KeytarSecretStore().get('shell-kc', 'password')).toBe('from-the-app');
    expect(await store.get('shell-kc', 'password')).toBe('from-the-app');
    await store.delete('shell-kc', 'password');
    expect(await new KeytarSecretStore().get('shell-kc', 'password')).toBeNull();
  });
});
