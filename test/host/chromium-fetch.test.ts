// The app's fetch binding over Electron's ClientRequest (modelled by the test double with
// Electron's documented redirect and cookie rules), against a real local server.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClientRequest, ClientRequestConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumFetch } from '../../electron/host/chromium-fetch';
import { ClientRequestDouble, SessionDouble } from '../shell/electron-double';

let server: Server;
let origin = '';
const seen: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.url === '/moved') {
      res.writeHead(302, { Location: '/login', 'Set-Cookie': 'vendor_session=abc; Path=/' });
      res.end();
      return;
    }
    if (req.url === '/echo') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, body }));
      });
      return;
    }
    res.writeHead(200, { 'Set-Cookie': 'vendor_session=abc; Path=/', 'X-Request-Id': 'r-1' });
    res.end('hello');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function netRequest(session: SessionDouble) {
  return (options: ClientRequestConstructorOptions) =>
    new ClientRequestDouble(options, session) as unknown as ClientRequest;
}

describe('the fetch binding over Chromium', () => {
  it('returns a vendor’s 3xx with redirect: manual, where ClientRequest alone cancels it', async () => {
    const session = new SessionDouble('tasktray-vendors');
    const fetch = chromiumFetch(netRequest(session));
    const response = await fetch(`${origin}/moved`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login'); // as the vendor sent it, like Node's fetch

    // What Electron does to a manual redirect nobody follows (net.fetch's behaviour).
    const bare = new ClientRequestDouble({ url: `${origin}/moved`, redirect: 'manual' }, session);
    const failure = new Promise<Error>((resolve) => bare.on('error', resolve));
    bare.end();
    expect((await failure).message).toBe('Redirect was cancelled');
  });

  it('sends and keeps no cookies, where a cookie-sending request would carry them back', async () => {
    const session = new SessionDouble('tasktray-vendors');
    const fetch = chromiumFetch(netRequest(session));
    seen.length = 0;
    await (await fetch(`${origin}/`, { redirect: 'manual' })).text();
    await (await fetch(`${origin}/`, { redirect: 'manual' })).text();
    expect(seen.map((h) => h.cookie ?? null)).toEqual([null, null]);
    expect(session.cookies.size).toBe(0);

    // The same two requests with session cookies on (as net.fetch makes them by default).
    const shared = new SessionDouble('');
    seen.length = 0;
    for (let i = 0; i < 2; i += 1) {
      const req = new ClientRequestDouble({ url: `${origin}/`, credentials: 'include' }, shared);
      const done = new Promise<void>((resolve) =>
        req.on('response', (res: EventTarget & { on(e: string, f: () => void): void }) => {
          res.on('end', () => resolve());
        }),
      );
      req.end();
      await done;
    }
    expect(seen.map((h) => h.cookie ?? null)).toEqual([null, 'vendor_session=abc']);
  });

  it('sends the method, headers and body, and gives back status, headers and body', async () => {
    const session = new SessionDouble('tasktray-vendors');
    const fetch = chromiumFetch(netRequest(session));
    seen.length = 0;
    const response = await fetch(`${origin}/echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t' },
      body: JSON.stringify({ a: 1 }),
      redirect: 'manual',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ method: 'POST', body: '{"a":1}' });
    expect(seen[0]).toMatchObject({
      authorization: 'Bearer t',
      'content-type': 'application/json',
    });
  });

  it('rejects like fetch when the server cannot be reached or the call is aborted', async () => {
    const session = new SessionDouble('tasktray-vendors');
    const fetch = chromiumFetch(netRequest(session));
    await expect(fetch('http://127.0.0.1:1/', {})).rejects.toThrow('fetch failed');
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(fetch(`${origin}/`, { signal: controller.signal })).rejects.toThrow('stopped');
  });
});
