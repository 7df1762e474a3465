// The shared account check (form and main): never throws, every mistake on its field at once, and
// main's dispatcher answers a validation error for it instead of failing the call.
import { describe, expect, it } from 'vitest';
import { AccountSchema } from '../../shared/account';
import { accountProblems, vendorUrlProblem } from '../../shared/account-check';
import { dispatch } from '../../electron/app/ipc-dispatch';
import { silentLogger } from '../../electron/core/logger';

describe('account check', () => {
  it('reports every problem of a malformed GeoTareas account at once, on its field', () => {
    const problems = accountProblems({
      id: 'Bad Id',
      name: '',
      vendor: 'geotareas',
      baseUrl: 'not a url',
      tenant: 'acme.geotareas.com',
      email: 'ana@',
      timeZone: 'Mars/Olympus',
      webUrl: 'http://example.com',
      pollIntervalSec: 0,
    });
    expect(problems).toEqual([
      { field: 'id', code: 'id' },
      { field: 'name', code: 'required' },
      { field: 'baseUrl', code: 'url' },
      { field: 'email', code: 'email' },
      { field: 'timeZone', code: 'timeZone' },
      { field: 'webUrl', code: 'https' },
      { field: 'pollIntervalSec', code: 'positiveInteger' },
    ]);
  });

  it('never throws, whatever it is given', () => {
    for (const input of [null, undefined, 42, 'x', [], { vendor: 'uipath', auth: 7 }]) {
      expect(() => accountProblems(input)).not.toThrow();
    }
    expect(accountProblems({ vendor: 'uipath', id: 'u', name: 'U' })).toEqual([
      { field: 'orchestratorUrl', code: 'required' },
      { field: 'identityUrl', code: 'required' },
      { field: 'auth.mode', code: 'required' },
    ]);
  });

  it('accepts https, http on loopback, and refuses credentials in the address', () => {
    expect(vendorUrlProblem('https://api.example.com/v5')).toBeNull();
    expect(vendorUrlProblem('http://127.0.0.1:8080/x')).toBeNull();
    expect(vendorUrlProblem('')).toBe('required');
    expect(vendorUrlProblem('ftp://example.com')).toBe('url');
    expect(vendorUrlProblem('https://ana:secret@example.com')).toBe('credentialsInUrl');
  });

  it('the account schema refuses a malformed address instead of throwing', () => {
    const result = AccountSchema.safeParse({
      id: 'm',
      name: 'M',
      vendor: 'maxsight',
      baseUrl: 'nonsense',
      userId: 'u',
    });
    expect(result.success).toBe(false);
  });

  it('main answers a validation error with each field, never a failed call', async () => {
    const account = {
      id: 'acme',
      name: 'Acme',
      vendor: 'geotareas',
      baseUrl: '',
      tenant: 't',
      email: 'nobody',
      pollIntervalSec: 60,
    };
    for (const channel of ['accounts:save', 'accounts:test'] as const) {
      const answer = await dispatch({}, channel, { account, secrets: {} }, silentLogger);
      expect(answer.ok).toBe(false);
      if (answer.ok) continue;
      expect(answer.error.kind).toBe('validation');
      expect(answer.error.fields.map((f) => f.field)).toEqual(['account.baseUrl', 'account.email']);
      expect(answer.error.hint).not.toMatch(/reload the window/i);
    }
  });
});
