// Bearer tokens the simulated vendors issue and check, with expiry and forced expiry.
import { randomBytes } from 'node:crypto';
import type { VendorId } from '../../shared/task';
import type { SimWorld } from './world';

interface Issued {
  vendor: VendorId;
  subject: string;
  /** The vendor's token epoch at issue: `world.expireTokens` moves it on. */
  epoch: number;
  expiresAt: number;
}

export class SimTokens {
  private readonly issued = new Map<string, Issued>();
  /** Refresh tokens are single use, as UiPath's are. */
  private readonly refresh = new Map<
    string,
    { vendor: VendorId; subject: string; clientId: string }
  >();

  constructor(private readonly world: SimWorld) {}

  /** An opaque token, or a JWT-shaped one (GeoTareas) carrying `sub` and `exp`. */
  issue(
    vendor: VendorId,
    subject: string,
    ttlMs: number,
    shape: 'opaque' | 'jwt' = 'opaque',
  ): string {
    const now = this.world.now();
    const expiresAt = now + ttlMs;
    let token: string;
    if (shape === 'jwt') {
      const enc = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const head = enc({ alg: 'HS256', typ: 'JWT' });
      const payload = enc({
        sub: subject,
        iat: Math.floor(now / 1000),
        exp: Math.floor(expiresAt / 1000),
        jti: randomBytes(6).toString('hex'),
      });
      token = `${head}.${payload}.${randomBytes(24).toString('base64url')}`;
    } else {
      token = `${vendor}_${randomBytes(24).toString('base64url')}`;
    }
    this.issued.set(token, { vendor, subject, epoch: this.world.tokenEpoch(vendor), expiresAt });
    return token;
  }

  /**
   * A token that never expires on its own (personal access tokens, pasted tokens, API keys);
   * `world.expireTokens` still revokes it, as a user revoking or rotating it would.
   */
  register(vendor: VendorId, token: string, subject: string): void {
    this.issued.set(token, {
      vendor,
      subject,
      epoch: this.world.tokenEpoch(vendor),
      expiresAt: Number.MAX_SAFE_INTEGER,
    });
  }

  /** The subject of a valid token, or null when unknown, expired or force-expired. */
  verify(vendor: VendorId, token: string | null): string | null {
    if (!token) return null;
    const entry = this.issued.get(token);
    if (!entry || entry.vendor !== vendor) return null;
    if (entry.expiresAt <= this.world.now()) return null;
    if (entry.epoch !== this.world.tokenEpoch(vendor)) return null;
    return entry.subject;
  }

  issueRefresh(vendor: VendorId, subject: string, clientId: string): string {
    const token = `rt_${randomBytes(24).toString('base64url')}`;
    this.refresh.set(token, { vendor, subject, clientId });
    return token;
  }

  /** Spends a refresh token; null when unknown or already used. */
  spendRefresh(vendor: VendorId, token: string, clientId: string): string | null {
    const entry = this.refresh.get(token);
    if (!entry || entry.vendor !== vendor || entry.clientId !== clientId) return null;
    this.refresh.delete(token);
    return entry.subject;
  }
}
