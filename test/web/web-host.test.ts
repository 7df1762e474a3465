// The browser test host's doors: loopback only, the per-run token on every API call, its own
// Host name only, no file outside the renderer's folder, the CSP on every page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type RunningWebHost } from '../../electron/web-host/host';
import { RENDERER_CSP } from '../../electron/web-host/static-files';
import { assertRendererBuilt, RENDERER_DIR } from '../helpers/browser';
import { AppStateSchema } from '../../shared/ipc';

let host: RunningWebHost;

beforeAll(async () => {
  assertRendererBuilt();
  host = await startWebHost({ rendererDir: RENDERER_DIR, pollFloorMs: 2_000 });
});
afterAll(async () => host?.close());

const call = (body: unknown, token: string | null = host.token) =>
  fetch(`${host.origin}/api/call`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });

describe('web host', () => {
  it('listens on 127.0.0.1 and prints a URL with a fresh token', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/?token=${host.token}#/inbox`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers calls with the token through the one dispatcher', async () => {
    const response = await call({ channel: 'app:state', payload: null });
    const result = (await response.json()) as { ok: boolean; value: { demo: boolean } };
    expect(result.ok).toBe(true);
    expect(result.value.demo).toBe(true);
    // Written with the rows' kept JSON: still the contract's state.
    expect(AppStateSchema.safeParse(result.value).success).toBe(true);
  });

  it('refuses calls and events without the right token', async () => {
    expect((await call({ channel: 'app:state', payload: null }, null)).status).toBe(401);
    expect((await call({ channel: 'app:state', payload: null }, 'x'.repeat(32))).status).toBe(401);
    expect((await fetch(`${host.origin}/api/events?token=wrong`)).status).toBe(401);
  });

  it('returns an explained error for an invalid payload or unknown channel', async () => {
    const bad = (await (await call({ channel: 'tasks:load', payload: { taskId: 7 } })).json()) as {
      ok: false;
      error: { kind: string; fields: { field: string }[] };
    };
    expect(bad.ok).toBe(false);
    expect(bad.error.kind).toBe('validation');
    expect(bad.error.fields[0]?.field).toBe('taskId');
    const unknown = (await (await call({ channel: 'fs:read', payload: null })).json()) as {
      ok: false;
      error: { message: string };
    };
    expect(unknown.error.message).toContain('fs:read');
    expect((await call('not an object')).status).toBe(200);
  });

  it('refuses a body that is not JSON', async () => {
    const response = await fetch(`${host.origin}/api/call`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}` },
      body: '{"channel":',
    });
    expect(response.status).toBe(400);
  });

  it('serves the renderer with the CSP, and nothing outside its folder', async () => {
    const page = await fetch(`${host.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await page.text()).toContain(`content="${RENDERER_CSP}"`);
    const escape = await fetch(`${host.origin}/..%2f..%2fpackage.json`);
    expect([403, 404]).toContain(escape.status);
    expect(await escape.text()).not.toContain('"devDependencies"');
  });

  it('lets the browser keep the hashed assets, never the page or an answer', async () => {
    const page = await fetch(`${host.origin}/`);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${host.origin}/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${host.origin}/early.js`)).headers.get('cache-control')).toBe('no-cache');
    const answer = await call({ channel: 'app:state', payload: null });
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('answers only to its own host name (no DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${host.origin}/api/call`,
        {
          method: 'POST',
          headers: { Host: 'evil.example:80', Authorization: `Bearer ${host.token}` },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });

  it('sends a window its first state down the stream it opened, when asked', async () => {
    const controller = new AbortController();
    const response = await fetch(`${host.origin}/api/events?token=${host.token}&state=1`, {
      signal: controller.signal,
    });
    if (!response.body) throw new Error('the event stream has no body');
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    type Message = { state?: { ok: boolean; value: { tasksVersion: number } } };
    // Events published meanwhile may come first (the stream is held before the state is read):
    // the state is the first message that carries one.
    let text = '';
    let state: Message['state'];
    while (!state) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before the state: ${text}`);
      text += decoder.decode(value, { stream: true });
      for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        if (block.startsWith('data: ')) state ??= (JSON.parse(block.slice(6)) as Message).state;
      }
    }
    controller.abort();
    expect(state.ok).toBe(true);
    expect(state.value.tasksVersion).toBeGreaterThanOrEqual(0);
  });

  it('streams IPC events to a window that has the token', async () => {
    const controller = new AbortController();
    const response = await fetch(`${host.origin}/api/events?token=${host.token}`, {
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    if (!response.body) throw new Error('the event stream has no body');
    const reader = response.body.getReader();
    await call({ channel: 'settings:update', payload: { theme: 'dark' } });
    let text = '';
    while (!text.includes('state:settings')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain('"event":"state:settings"');
    expect(text).toContain('"theme":"dark"');
  });
});
