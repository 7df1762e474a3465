// originBoundSecrets: how a token set for an account whose URLs moved is treated — the CLI's
// `secret set` rebinds (the old host's secrets go), the app's engine refuses (nothing is wiped).
import { describe, expect, it } from 'vitest';
import { MemorySecretStore, ORIGINS_ENTRY } from '../../electron/core/ports';
import { originBoundSecrets } from '../../electron/core/secret-origins';
import { AccountSchema, type Account } from '../../shared/account';

const moved: Account = AccountSchema.parse({
  id: 'acme-geo',
  name: 'Acme',
  vendor: 'geotareas',
  baseUrl: 'https://other.example.org/apidev/v1',
  tenant: 'acme.geotareas.com',
  email: 'maria@acme.com',
});

async function keychainForTheOldHost(): Promise<MemorySecretStore> {
  const keychain = new MemorySecretStore();
  await keychain.set('acme-geo', 'password', 'pw-old-host');
  await keychain.set('acme-geo', ORIGINS_ENTRY, JSON.stringify(['https://acme.geotareas.com']));
  return keychain;
}

describe('a secret set while the account points at another host', () => {
  it('the engine’s store refuses it and wipes nothing', async () => {
    const keychain = await keychainForTheOldHost();
    const store = originBoundSecrets(keychain, () => moved, { onSetForOtherOrigins: 'refuse' });
    await expect(
      store.set('acme-geo', 'accessToken', 'jwt-from-a-stale-poll'),
    ).rejects.toMatchObject({ kind: 'auth', vendorCode: 'secrets_for_other_origin' });
    expect(await keychain.get('acme-geo', 'password')).toBe('pw-old-host');
    expect(await keychain.get('acme-geo', 'accessToken')).toBeNull();
    await expect(store.get('acme-geo', 'password')).rejects.toMatchObject({
      vendorCode: 'secrets_for_other_origin',
    });
  });

  it('the CLI’s store (the default) binds it to the new host and forgets the old host’s', async () => {
    const keychain = await keychainForTheOldHost();
    const store = originBoundSecrets(keychain, () => moved);
    await store.set('acme-geo', 'password', 'pw-new-host');
    expect(await store.get('acme-geo', 'password')).toBe('pw-new-host');
    expect(JSON.parse((await keychain.get('acme-geo', ORIGINS_ENTRY)) ?? '[]')).toEqual([
      'https://other.example.org',
    ]);
  });
});
