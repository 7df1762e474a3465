import { describe, expect, it } from 'vitest';
import { AccountSchema } from '../../shared/account';

const maxsight = (baseUrl: string) => ({
  id: 'mx',
  name: 'Maxsight',
  vendor: 'maxsight',
  baseUrl,
  userId: 'u1',
});

describe('account settings', () => {
  it('requires https for vendor URLs, except loopback', () => {
    expect(AccountSchema.safeParse(maxsight('https://api.eu.maxsight.com/v5/')).success).toBe(true);
    expect(AccountSchema.safeParse(maxsight('http://127.0.0.1:4000/maxsight/v5')).success).toBe(
      true,
    );
    expect(AccountSchema.safeParse(maxsight('http://localhost:4000/v5')).success).toBe(true);
    const plain = AccountSchema.safeParse(maxsight('http://api.eu.maxsight.com/v5'));
    expect(plain.success).toBe(false);
    expect(JSON.stringify(plain.error?.issues)).toContain('https');
    expect(AccountSchema.safeParse(maxsight('ftp://x')).success).toBe(false);
  });

  it('strips trailing slashes and fills defaults', () => {
    const account = AccountSchema.parse(maxsight('https://api.eu.maxsight.com/v5/'));
    expect(account.vendor === 'maxsight' && account.baseUrl).toBe('https://api.eu.maxsight.com/v5');
    expect(account.pollIntervalSec).toBe(60);
    expect(account.vendor === 'maxsight' && account.overdueAfterHours).toBe(72);
  });

  it('rejects unknown time zones and ids with odd characters', () => {
    const geo = {
      id: 'geo',
      name: 'G',
      vendor: 'geotareas',
      baseUrl: 'https://acme.geotareas.com/apidev/v1',
      tenant: 'acme.geotareas.com',
      email: 'a@b.co',
    };
    expect(AccountSchema.safeParse({ ...geo, timeZone: 'Europe/Madrid' }).success).toBe(true);
    expect(AccountSchema.safeParse({ ...geo, timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(AccountSchema.safeParse({ ...geo, id: 'Geo Account!' }).success).toBe(false);
  });
});

describe('vendor URLs with credentials', () => {
  it('refuses a user:password part, in every vendor URL field', () => {
    for (const url of [
      'https://maria:hunter2@api.eu.maxsight.com/v5',
      'https://maria@api.eu.maxsight.com/v5',
      'http://u:p@127.0.0.1:4000/v5',
    ]) {
      const result = AccountSchema.safeParse(maxsight(url));
      expect(result.success).toBe(false);
      expect(JSON.stringify(result.error?.issues)).toContain('user name or password');
    }
    const uipath = AccountSchema.safeParse({
      id: 'up',
      name: 'UiPath',
      vendor: 'uipath',
      orchestratorUrl: 'https://cloud.uipath.com/org/tenant/orchestrator_',
      identityUrl: 'https://client:secret@cloud.uipath.com/identity_',
      auth: { mode: 'pat' },
    });
    expect(uipath.success).toBe(false);
    expect(uipath.error?.issues[0]?.path).toEqual(['identityUrl']);
  });
});
