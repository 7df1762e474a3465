// The browser sign-in's loopback listener over real HTTP.
import { describe, expect, it } from 'vitest';
import { authorizeInBrowser } from '../../electron/core/oauth';

describe('authorizeInBrowser', () => {
  it('ignores a callback with the wrong state and keeps waiting for the real one', async () => {
    const answers: { status: number; text: string }[] = [];
    const result = await authorizeInBrowser({
      authorizeUrl: 'https://id.example.com/authorize',
      clientId: 'client',
      scope: 'openid',
      timeoutMs: 60_000,
      openExternal: async (url) => {
        const params = new URL(url).searchParams;
        const redirect = params.get('redirect_uri') ?? '';
        // A page that learned the port forges a callback first…
        const forged = await fetch(`${redirect}?state=forged&code=attacker-code`);
        answers.push({ status: forged.status, text: await forged.text() });
        // …then the real browser comes back with the right state.
        const real = await fetch(`${redirect}?state=${params.get('state')}&code=real-code`);
        answers.push({ status: real.status, text: await real.text() });
      },
    });
    expect(result.code).toBe('real-code');
    expect(answers.map((a) => a.status)).toEqual([400, 200]);
    expect(answers[0]?.text).toContain('not the one Tasktray is waiting for');
  });
});
