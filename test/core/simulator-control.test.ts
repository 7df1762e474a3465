// The simulator runs inside the tray app on loopback, where any web page the user opens can reach
// it: its control API must refuse what a page can send, and no request may bring it down.
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_BODY_BYTES,
  startSimulator,
  type RunningSimulator,
} from '../../electron/simulator/server';
import { control } from '../helpers/sim';

interface RawAnswer {
  status: number;
  text: string;
}

/** One request over node:http, which (unlike fetch) sends any Host header and a declared length. */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    // A declared length larger than what is written: the request stays open, as a slow upload.
    if (options.headers?.['Content-Length'] === undefined) req.end();
  });
}

let sim: RunningSimulator;

beforeEach(async () => {
  sim = await startSimulator();
});

afterEach(async () => {
  await sim.close();
});

const phishing = JSON.stringify({
  vendor: 'geotareas',
  title: 'URGENT: re-enter your password at https://evil.example',
});

async function titles(): Promise<string[]> {
  return ((await control(sim, 'GET', '/tasks')) as { title: string }[]).map((t) => t.title);
}

describe('the simulator control API', () => {
  it('refuses a task from a web page: a text/plain form post without the token', async () => {
    const answer = await fetch(`${sim.urls.control}/tasks`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: phishing,
    });
    expect(answer.status).toBe(401);
    expect(await titles()).not.toContain('URGENT: re-enter your password at https://evil.example');
  });

  it('refuses a wrong token, and a right token with a non-JSON content type', async () => {
    const wrong = await fetch(`${sim.urls.control}/tasks`, {
      method: 'POST',
      headers: { Authorization: 'Bearer not-the-token', 'Content-Type': 'application/json' },
      body: phishing,
    });
    expect(wrong.status).toBe(401);
    const plain = await fetch(`${sim.urls.control}/tasks`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sim.controlToken}`, 'Content-Type': 'text/plain' },
      body: phishing,
    });
    expect(plain.status).toBe(415);
    const broken = await fetch(`${sim.urls.control}/tasks`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sim.controlToken}`, 'Content-Type': 'application/json' },
      body: '{"vendor": ',
    });
    expect(broken.status).toBe(400);
    expect(await titles()).toHaveLength(0);
  });

  it('accepts the token with JSON, and a fresh random token each run', async () => {
    await control(sim, 'POST', '/tasks', { vendor: 'geotareas', title: 'From the test' });
    expect(await titles()).toEqual(['From the test']);
    const other = await startSimulator();
    try {
      expect(other.controlToken).not.toBe(sim.controlToken);
      expect(other.controlToken).toMatch(/^[\w-]{43}$/);
    } finally {
      await other.close();
    }
  });

  it('refuses a task whose fields have the wrong types', async () => {
    await expect(
      control(sim, 'POST', '/tasks', { vendor: 'geotareas', title: 42, dueAt: 'soon' }),
    ).rejects.toThrow(/400/);
  });

  it('answers only to its own host names (no DNS rebinding), on every route', async () => {
    const { port } = new URL(sim.urls.origin);
    for (const path of ['/_control/tasks', '/maxsight/v5/tasks']) {
      const rebound = await raw(`${sim.urls.origin}${path}`, {
        headers: { Host: `evil.example:${port}`, Authorization: `Bearer ${sim.controlToken}` },
      });
      expect(rebound.status).toBe(421);
    }
    const local = await raw(`${sim.urls.control}/tasks`, {
      headers: { Host: `localhost:${port}`, Authorization: `Bearer ${sim.controlToken}` },
    });
    expect(local.status).toBe(200);
  });

  it('refuses a 600 MB upload at once, without reading it, and keeps serving', async () => {
    const answer = await raw(`${sim.urls.control}/tasks`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${sim.controlToken}`,
        'Content-Type': 'application/json',
        'Content-Length': String(600 * 1024 * 1024),
      },
      body: '{"vendor":"geotareas","title":"',
    });
    expect(answer.status).toBe(413);
    expect(await titles()).toEqual([]);
  });

  it('stops reading a streamed body past the limit, and keeps serving', async () => {
    const outcome = await new Promise<number | string>((resolve) => {
      const req = request(
        `${sim.urls.control}/tasks`,
        {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${sim.controlToken}`,
            'Content-Type': 'application/json',
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      // The server either answers 413 or drops the connection while we are still writing.
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent <= 4 * MAX_BODY_BYTES) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    expect([413, 'ECONNRESET', 'EPIPE']).toContain(outcome);
    expect(await titles()).toEqual([]);
  });

  it('answers 500 when a handler throws, and keeps serving', async () => {
    // A malformed percent-escape makes the route matcher throw.
    const answer = await fetch(`${sim.urls.control}/tasks/geotareas/%E0%A4%A/overdue`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sim.controlToken}` },
    });
    expect(answer.status).toBe(500);
    expect(await titles()).toEqual([]);
  });

  it('is not served at all when turned off (the tray app outside its end-to-end suite)', async () => {
    const off = await startSimulator({ controlApi: false });
    try {
      const answer = await fetch(`${off.urls.control}/tasks`, {
        headers: { Authorization: `Bearer ${off.controlToken}` },
      });
      expect(answer.status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
