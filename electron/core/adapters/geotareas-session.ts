// GeoTareas sign-in: email + password for a one-hour JWT with no refresh flow, plus the
// company API key. The session signs in again when the JWT expires or is refused, and keeps its
// record of recent logins, shared by every process on the same state (see LoginLedger), so the app,
// `tasktray watch` and one-shot commands together never trip the vendor's login limit or lockout.
import type { GeoTareasAccount } from '../../../shared/account';
import type { AdapterDeps } from '../adapter';
import {
  JWT_EXPIRY_CLAIM,
  JWT_LIFETIME_MS,
  JWT_SUBJECT_CLAIM,
  LOGIN_BLOCK_MS,
  LOGIN_FAILURE_STATUS,
  LOGIN_LIMIT,
  LOGIN_WINDOW_MS,
} from '../assumptions/geotareas';
import type { HttpClient } from '../http';
import { processLoginLedger, type LoginLedger } from '../login-ledger';
import { storedApiKey } from '../stored-api-key';
import { TOKEN_EXPIRY_SKEW_MS } from '../oauth';
import { isVendorError, VendorError } from '../vendor-error';
import { LoginResponseSchema } from './geotareas-records';

/**
 * Logins we allow ourselves per window: below the vendor's 5, leaving room for the user's own
 * sign-ins in the web app, which count against the same account.
 */
export const LOGIN_BUDGET = LOGIN_LIMIT - 2;

export interface Credentials {
  token: string;
  apiKey: string;
}

interface Jwt {
  value: string;
  expiresAt: number;
  subject: string | null;
}

/** Reads `exp` and `sub` from a JWT payload; nulls when it is not a readable JWT. */
export function decodeJwt(token: string): { exp: number | null; sub: string | null } {
  const payload = token.split('.')[1];
  if (!payload) return { exp: null, sub: null };
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null) return { exp: null, sub: null };
    const record = claims as Record<string, unknown>;
    const exp = record[JWT_EXPIRY_CLAIM];
    const sub = record[JWT_SUBJECT_CLAIM];
    return {
      exp: typeof exp === 'number' && Number.isFinite(exp) ? exp : null,
      sub: typeof sub === 'string' ? sub : typeof sub === 'number' ? String(sub) : null,
    };
  } catch {
    return { exp: null, sub: null };
  }
}

export class GeoTareasSession {
  private jwt: Jwt | null = null;
  private storedChecked = false;
  private apiKey: string | null = null;
  private pending: Promise<Jwt> | null = null;
  private readonly logins: LoginLedger;
  /** The password the vendor refused: not tried again until the user changes it. */
  private refusedPassword: string | null = null;

  constructor(
    private readonly account: GeoTareasAccount,
    private readonly deps: AdapterDeps,
    /** A client that never retries by itself: every login attempt is one we counted. */
    private readonly loginHttp: HttpClient,
  ) {
    this.logins = deps.logins ?? processLoginLedger();
  }

  get userId(): string | null {
    return this.jwt?.subject ?? null;
  }

  /** A JWT with time left and the API key; signs in when needed. `stale`: a JWT just refused. */
  async credentials(signal?: AbortSignal, stale?: string): Promise<Credentials> {
    if (stale !== undefined) {
      if (this.jwt?.value === stale) this.jwt = null;
      this.apiKey = null; // the 401 may be the key's fault: read it again
    }
    const apiKey = await this.loadApiKey();
    await this.loadStoredToken();
    if (!this.usable(this.jwt)) this.jwt = await this.signInOnce(signal);
    return { token: (this.jwt as Jwt).value, apiKey };
  }

  /** Signs in now (the "test connection" button), whatever the current JWT. */
  async signIn(signal?: AbortSignal): Promise<string | null> {
    await this.loadApiKey();
    this.jwt = await this.signInOnce(signal);
    return this.jwt.subject;
  }

  private usable(jwt: Jwt | null): jwt is Jwt {
    return jwt !== null && jwt.expiresAt - TOKEN_EXPIRY_SKEW_MS > this.deps.clock.now();
  }

  private async loadApiKey(): Promise<string> {
    if (this.apiKey !== null) return this.apiKey;
    this.apiKey = await storedApiKey(
      this.deps,
      this.account.id,
      'GeoTareas',
      'hint.enterGeoApiKey',
    );
    return this.apiKey;
  }

  /** A JWT kept from an earlier run saves a login (and a slot in the vendor's login limit). */
  private async loadStoredToken(): Promise<void> {
    if (this.storedChecked) return;
    this.storedChecked = true;
    // The cached JWT only saves a login: a keychain that cannot give it back costs nothing more.
    const stored = await this.deps.secrets
      .get(this.account.id, 'accessToken')
      .catch((error: unknown) => {
        this.deps.logger.warn('could not read the cached GeoTareas session', { error });
        return null;
      });
    if (!stored) return;
    this.deps.logger.addSecret(stored);
    const jwt = this.toJwt(stored, this.deps.clock.now());
    if (this.usable(jwt)) this.jwt = jwt;
  }

  private toJwt(value: string, issuedAt: number): Jwt {
    const { exp, sub } = decodeJwt(value);
    return {
      value,
      subject: sub,
      expiresAt: exp !== null ? exp * 1000 : issuedAt + JWT_LIFETIME_MS,
    };
  }

  /** Concurrent callers share one login. */
  private signInOnce(signal?: AbortSignal): Promise<Jwt> {
    this.pending ??= this.login(signal).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async login(signal?: AbortSignal): Promise<Jwt> {
    const password = await this.deps.secrets.get(this.account.id, 'password');
    if (!password) {
      throw new VendorError('auth', 'No GeoTareas password is stored for this account.', {
        hintCode: 'hint.enterPassword',
        secret: 'password',
      });
    }
    this.deps.logger.addSecret(password);
    if (password === this.refusedPassword) throw this.refusedError(null);
    await this.takeLoginSlot();
    try {
      const { data } = await this.loginHttp.request({
        method: 'POST',
        url: `${this.account.baseUrl}/login`,
        headers: { tenant: this.account.tenant },
        json: { email: this.account.email, password },
        schema: LoginResponseSchema,
        signal,
        what: 'signing in',
      });
      const now = this.deps.clock.now();
      const value = data.data.authorization;
      this.deps.logger.addSecret(value);
      this.refusedPassword = null;
      await this.deps.secrets.set(this.account.id, 'accessToken', value).catch((error: unknown) => {
        this.deps.logger.warn('could not cache the GeoTareas session in the keychain', { error });
      });
      this.deps.logger.info('signed in to GeoTareas', { account: this.account.id });
      return this.toJwt(value, now);
    } catch (error) {
      throw await this.loginFailure(error, password);
    }
  }

  /** Refuses locally, before the vendor would: a blocked account or a spent login budget. */
  private async takeLoginSlot(): Promise<void> {
    const now = this.deps.clock.now();
    const slot = await this.logins.take(
      this.account.id,
      { limit: LOGIN_BUDGET, windowMs: LOGIN_WINDOW_MS },
      now,
    );
    if (slot.granted) return;
    if (slot.reason === 'blocked') {
      throw new VendorError('rate_limited', '', {
        code: 'error.geoLoginBlocked',
        retryAfterMs: slot.retryAfterMs,
      });
    }
    throw new VendorError('rate_limited', '', {
      code: 'error.geoLoginBudget',
      params: { count: slot.recent, seconds: LOGIN_WINDOW_MS / 1000 },
      retryAfterMs: slot.retryAfterMs,
    });
  }

  private async loginFailure(error: unknown, password: string): Promise<unknown> {
    if (!isVendorError(error)) return error;
    if (error.status === LOGIN_FAILURE_STATUS) {
      this.refusedPassword = password;
      return this.refusedError(error);
    }
    if (error.kind === 'rate_limited') {
      const until = this.deps.clock.now() + (error.retryAfterMs ?? LOGIN_BLOCK_MS);
      await this.logins.block(this.account.id, until).catch((failure: unknown) => {
        this.deps.logger.warn('could not record the GeoTareas sign-in block', { error: failure });
      });
    }
    return error;
  }

  private refusedError(cause: VendorError | null): VendorError {
    return new VendorError(
      'auth',
      `GeoTareas refused the email or password for ${this.account.email}.`,
      {
        hintCode: 'hint.enterCorrectPassword',
        status: cause?.status ?? LOGIN_FAILURE_STATUS,
        vendorCode: cause?.vendorCode ?? null,
        requestId: cause?.requestId ?? null,
        secret: 'password',
        cause: cause ?? undefined,
      },
    );
  }
}
