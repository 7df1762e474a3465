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
