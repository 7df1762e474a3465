import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED, redactUrl, type LogRecord } from '../../electron/core/logger';

describe('redacting logger', () => {
  it('masks sensitive keys, bearer tokens, JWTs and registered secrets', () => {
    const records: LogRecord[] = [];
    const logger = createLogger((record) => records.push(record));
    logger.addSecret('hunter2-password');
    logger.info('login as maria with hunter2-password', {
      headers: {
        Authorization: 'Bearer abc.def',
        'X-API-Key': 'gtk_live_123',
        tenant: 'acme.test',
      },
      body: { password: 'p', email: 'maria@acme.test', nested: [{ refresh_token: 'rt' }] },
      note: 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig went by',
      error: new Error('failed with hunter2-password'),
    });
    const text = JSON.stringify(records);
    expect(text).not.toContain('hunter2-password');
    expect(text).not.toContain('abc.def');
    expect(text).not.toContain('gtk_live_123');
    expect(text).not.toContain('eyJzdWIiOiIxIn0');
    expect(text).not.toContain('"rt"');
    expect(text).toContain('maria@acme.test');
    expect(text).toContain('acme.test');
    expect(records[0]?.message).toBe(`login as maria with ${REDACTED}`);
  });

  it('masks credentials in URLs', () => {
    const url = new URL('https://user:pw@api.test/x?code=abc&state=s&access_token=t');
    const text = redactUrl(url);
    expect(text).not.toContain('pw@');
    expect(text).not.toContain('code=abc');
    expect(text).not.toContain('access_token=t');
    expect(text).toContain('state=s');
  });
});

describe('odd keys', () => {
  it('logs a "__proto__" key from a vendor like any other', () => {
    const records: LogRecord[] = [];
    const logger = createLogger((record) => records.push(record));
    logger.info('odd', { body: JSON.parse('{"__proto__": {"x": 1}, "password": "p"}') as unknown });
    expect(JSON.stringify(records[0]?.fields)).toBe(
      '{"body":{"__proto__":{"x":1},"password":"[redacted]"}}',
    );
  });
});

describe('wider redaction', () => {
  const logOne = (message: string, fields: Record<string, unknown> = {}) => {
    const records: LogRecord[] = [];
    createLogger((record) => records.push(record)).info(message, fields);
    return { text: JSON.stringify(records), record: records[0] };
  };

  it('compares key names without case or separators', () => {
    const { text } = logOne('tokens', {
      accessToken: 'at-1',
      refreshToken: 'rt-1',
      clientSecret: 'cs-1',
      private_key: 'pk-1',
      sessionId: 'sid-1',
      'Ocp-Apim-Subscription-Key': 'sub-1',
      'X-Auth-Token': 'xat-1',
      API_KEY: 'ak-1',
      'Client-Secret': 'cs-2',
      ACCESS_TOKEN: 'at-2',
      tenant: 'acme.test',
      tokenType: 'Bearer',
    });
    for (const leaked of ['at-1', 'rt-1', 'cs-1', 'pk-1', 'sid-1', 'sub-1', 'xat-1', 'ak-1'])
      expect(text).not.toContain(leaked);
    expect(text).not.toContain('cs-2');
    expect(text).not.toContain('at-2');
    expect(text).toContain('acme.test');
    expect(text).toContain('"tokenType":"Bearer"');
  });

  it('masks key, sig and api-key query parameters and #access_token fragments', () => {
    const text = redactUrl(
      new URL(
        'https://blob.test/c/f.pdf?sv=2024&sig=s1g&key=k3y&api-key=ap1&page=2#access_token=fr4g&token_type=bearer',
      ),
    );
    for (const leaked of ['s1g', 'k3y', 'ap1', 'fr4g']) expect(text).not.toContain(leaked);
    expect(text).toContain('page=2');
    expect(text).toContain('sv=2024');
  });

  it('masks URLs and credential pairs inside message text', () => {
    const { record } = logOne(
      'redirected to https://id.test/cb?code=c0de&state=ok#access_token=fr4g then https://u:pw@x.test/a ; body client_secret=cs-3&grant_type=client_credentials and {"password": "pw-4", "email": "m@a.test"}',
    );
    const message = record?.message ?? '';
    for (const leaked of ['c0de', 'fr4g', 'pw@', 'cs-3', 'pw-4'])
      expect(message).not.toContain(leaked);
    expect(message).toContain('state=ok');
    expect(message).toContain('grant_type=client_credentials');
    expect(message).toContain('m@a.test');
  });

  it('masks what lies beyond the depth limit instead of logging it raw', () => {
    let deep: Record<string, unknown> = { note: 'hunter2-deep' };
    for (let i = 0; i < 12; i += 1) deep = { inner: deep };
    const { text } = logOne('deep', { deep });
    expect(text).not.toContain('hunter2-deep');
    expect(text).toContain(REDACTED);
  });
});
