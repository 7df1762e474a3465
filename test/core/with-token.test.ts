import { describe, expect, it } from 'vitest';
import { VendorError } from '../../electron/core/vendor-error';
import { withToken } from '../../electron/core/with-token';

const refused = () => new VendorError('auth', 'refused', { status: 401 });

/** A credential source that hands out t1, t2… and records what it was told was refused. */
function source(renewable = true) {
  let n = 1;
  const told: (string | undefined)[] = [];
  const credential = async (was?: string) => {
    told.push(was);
    if (was !== undefined && renewable) n += 1;
    return `t${n}`;
  };
  return { credential, told };
}

describe('withToken: renew on 401 and retry once', () => {
  it('sends once with the current credential when it is accepted', async () => {
    const { credential, told } = source();
    const sent: string[] = [];
    expect(await withToken(credential, async (t) => (sent.push(t), 'ok'))).toBe('ok');
    expect(sent).toEqual(['t1']);
    expect(told).toEqual([undefined]);
  });

  it('renews after a 401 and sends again with the renewed credential', async () => {
    const { credential, told } = source();
    const sent: string[] = [];
    const renewals: VendorError[] = [];
    const result = await withToken(
      credential,
      async (t) => {
        sent.push(t);
        if (t === 't1') throw refused();
        return 'ok';
      },
      { onRenew: (error) => renewals.push(error) },
    );
    expect(result).toBe('ok');
    expect(sent).toEqual(['t1', 't2']);
    expect(told).toEqual([undefined, 't1']);
    expect(renewals).toHaveLength(1);
  });

  it('reports a second 401 in the adapter’s words, without a third attempt', async () => {
    const { credential } = source();
    const sent: string[] = [];
    const error = await withToken(
      credential,
      async (t) => {
        sent.push(t);
        throw refused();
      },
      { refusedAgain: (e) => new VendorError('auth', `again: ${e.message}`, { status: 401 }) },
    ).catch((e: unknown) => e);
    expect(sent).toEqual(['t1', 't2']);
    expect(error).toMatchObject({ kind: 'auth', message: 'again: refused' });
  });

  it('does not resend when nothing better than the refused credential can be had', async () => {
    const { credential } = source(false);
    const sent: string[] = [];
    const first = refused();
    const error = await withToken(credential, async (t) => {
      sent.push(t);
      throw first;
    }).catch((e: unknown) => e);
    expect(sent).toEqual(['t1']);
    expect(error).toBe(first);
  });

  it('passes any other failure through untouched and renews nothing', async () => {
    const { credential, told } = source();
    const server = new VendorError('server', 'down', { status: 503 });
    const error = await withToken(credential, async () => {
      throw server;
    }).catch((e: unknown) => e);
    expect(error).toBe(server);
    expect(told).toEqual([undefined]);
  });
});
