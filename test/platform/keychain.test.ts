import { describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE, KeytarSecretStore } from '../../electron/platform/keychain';
import { hasTestKeyring, requireKeyringInCi } from '../helpers/keyring';

requireKeyringInCi();

describe.runIf(hasTestKeyring)('keytar against a real Secret Service', () => {
  it('stores, reads, replaces and deletes one entry per account and secret', async () => {
    const store = new KeytarSecretStore();
    await store.set('kc-test', 'password', 'pa55-word');
    await store.set('kc-test', 'apiKey', 'gtk_live_1');
    await store.set('kc-other', 'password', 'different');
    expect(await store.get('kc-test', 'password')).toBe('pa55-word');
    expect(await store.get('kc-test', 'apiKey')).toBe('gtk_live_1');
    expect(await store.get('kc-other', 'password')).toBe('different');
    await store.set('kc-test', 'password', 'new-pa55');
    expect(await store.get('kc-test', 'password')).toBe('new-pa55');
    await store.delete('kc-test', 'password');
    expect(await store.get('kc-test', 'password')).toBeNull();
    const keytar = (await import('keytar')).default;
    const entries = await keytar.findCredentials(KEYCHAIN_SERVICE);
    const ours = entries.map((e) => e.account).filter((a) => a.startsWith('kc-'));
    expect(ours.sort()).toEqual(['kc-other/password', 'kc-test/apiKey']);
  });
});
