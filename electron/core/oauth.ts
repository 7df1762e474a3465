// OAuth 2.0 for desktop apps (RFC 8252): Authorization Code + PKCE in the system browser with a
// loopback redirect, refresh tokens kept in the keychain, plus client credentials and pasted tokens.
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { SecretName } from '../../shared/account';
import type { MessageKey } from '../../shared/i18n/format';
import type { AdapterDeps } from './adapter';
import type { HttpClient } from './http';
import type { Clock, OpenExternal, SecretStore } from './ports';
import { VendorError } from './vendor-error';

/** Renew this long before the vendor's expiry, so a request never carries a dying token. */
export const TOKEN_EXPIRY_SKEW_MS = 60_000;
export const BROWSER_SIGN_IN_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_TOKEN_LIFETIME_S = 3600;

const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
});

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

export interface BrowserAuthorization {
  code: string;
  redirectUri: string;
  verifier: string;
}

const CALLBACK_PAGE = (text: string) =>
  `<!doctype html><meta charset="utf-8"><title>Tasktray</title><body style="font:16px system-ui;margin:3em">${text}</body>`;

/**
 * Opens the authorize URL in the system browser and waits for the redirect to a one-shot
 * loopback listener on 127.0.0.1 (any port, as RFC 8252 §7.3 allows).
 */
export async function authorizeInBrowser(options: {
  authorizeUrl: string;
  clientId: string;
  scope: string;
  openExternal: OpenExternal;
  extraParams?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
}): Promise<BrowserAuthorization> {
  const pkce = createPkcePair();
  const state = randomBytes(16).toString('base64url');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const redirectUri = `http://127.0.0.1:${port}/callback`;

  const codePromise = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new VendorError('auth', 'Sign-in was not finished in the browser in time.', {
            hintCode: 'hint.signInAgain',
          }),
        ),
      options.timeoutMs ?? BROWSER_SIGN_IN_TIMEOUT_MS,
    );
    const onAbort = () => reject(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    server.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', redirectUri);
      if (url.pathname !== '/callback') {
        res.writeHead(404).end();
        return;
      }
      const finish = (status: number, text: string) => {
        res
          .writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' })
          .end(CALLBACK_PAGE(text));
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      if (url.searchParams.get('state') !== state) {
        // Not ours (a stale tab, or a page forging one): refuse it and keep waiting for the real one.
        res
          .writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' })
          .end(CALLBACK_PAGE('This sign-in link is not the one Tasktray is waiting for.'));
        return;
      }
      const error = url.searchParams.get('error');
      const code = url.searchParams.get('code');
      if (error || !code) {
        const description = url.searchParams.get('error_description') ?? error ?? 'no code';
        finish(400, 'Sign-in failed. You can close this window.');
        reject(new VendorError('auth', `Sign-in was refused: ${description}.`));
        return;
      }
      finish(200, 'Signed in to Tasktray. You can close this window.');
      resolve(code);
    });
  });

  try {
    const url = new URL(options.authorizeUrl);
    const params = {
      response_type: 'code',
      client_id: options.clientId,
      redirect_uri: redirectUri,
      scope: options.scope,
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      ...options.extraParams,
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    await options.openExternal(url.toString());
    const code = await codePromise;
    return { code, redirectUri, verifier: pkce.verifier };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: number;
}

/** How a refusal by the token endpoint is explained, when it is not a spent sign-in. */
interface Refusal {
  message: string;
  hint: string;
  secret: SecretName;
}

async function tokenRequest(
  http: HttpClient,
  tokenUrl: string,
  form: Record<string, string>,
  clock: Clock,
  what: string,
  refusal?: Refusal,
): Promise<TokenSet> {
  try {
    const { data } = await http.request({
      method: 'POST',
      url: tokenUrl,
      form,
      schema: TokenResponseSchema,
      what,
    });
    return {
      accessToken: data.access_token,
      refreshToken: data.refresh_token ?? null,
      expiresAt: clock.now() + (data.expires_in ?? DEFAULT_TOKEN_LIFETIME_S) * 1000,
    };
  } catch (error) {
    // The token endpoint answers 400 invalid_grant for a spent or revoked refresh token.
    if (error instanceof VendorError && (error.kind === 'validation' || error.kind === 'auth')) {
      if (refusal) {
        const code = error.vendorCode ? ` (${error.vendorCode})` : '';
        throw new VendorError('auth', `${refusal.message}${code}.`, {
          status: error.status,
          vendorCode: error.vendorCode,
          hint: refusal.hint,
          secret: refusal.secret,
          cause: error,
        });
      }
      throw new VendorError('auth', `Sign-in is no longer valid (${what}).`, {
        status: error.status,
        hintCode: 'hint.signInAgainFromSettings',
        cause: error,
      });
    }
    throw error;
  }
}

export type OAuthMode =
  | { mode: 'pkce'; clientId: string; scope: string; authorizeUrl: string; tokenUrl: string }
  | { mode: 'client_credentials'; clientId: string; scope: string; tokenUrl: string }
  | { mode: 'static' };

export interface OAuthSessionOptions {
  accountId: string;
  vendorLabel: string;
  http: HttpClient;
  clock: Clock;
  secrets: SecretStore;
  openExternal?: OpenExternal;
  /** Registers obtained tokens with the redacting logger. */
  onSecret?: (value: string) => void;
  auth: OAuthMode;
}

/**
 * An adapter's session: the adapter's clock, keychain and browser, and every token it obtains
 * registered with the adapter's logger, which masks it.
 */
export function adapterSession(
  deps: AdapterDeps,
  options: Pick<OAuthSessionOptions, 'accountId' | 'vendorLabel' | 'http' | 'auth'>,
): OAuthSession {
  return new OAuthSession({
    ...options,
    clock: deps.clock,
    secrets: deps.secrets,
    ...(deps.openExternal ? { openExternal: deps.openExternal } : {}),
    onSecret: (value) => deps.logger.addSecret(value),
  });
}

const ACCESS: SecretName = 'accessToken';
const REFRESH: SecretName = 'refreshToken';
const CLIENT_SECRET: SecretName = 'clientSecret';

/** Hands out a valid bearer token, renewing it without user action whenever the mode allows. */
export class OAuthSession {
  private current: TokenSet | null = null;
  private renewing: Promise<TokenSet> | null = null;

  constructor(private readonly options: OAuthSessionOptions) {}

  async accessToken(): Promise<string> {
    const { clock } = this.options;
    if (this.current && this.current.expiresAt - TOKEN_EXPIRY_SKEW_MS > clock.now()) {
      return this.current.accessToken;
    }
    this.renewing ??= this.renew().finally(() => {
      this.renewing = null;
    });
    this.current = await this.renewing;
    return this.current.accessToken;
  }

  /**
   * The token for `withToken`: after a 401 (`refused`), a renewed one — for a pasted token, the
   * one now in the keychain, which is the refused one until the user pastes another. Only the
   * refused token is dropped, so calls refused together renew once.
   */
  token(refused?: string): Promise<string> {
    if (refused !== undefined && this.current?.accessToken === refused) this.current = null;
    return this.accessToken();
  }

  async signIn(signal?: AbortSignal): Promise<void> {
    const { auth, openExternal } = this.options;
    if (auth.mode !== 'pkce') {
      throw new VendorError('unsupported', 'This account does not sign in through the browser.', {
        hintCode: 'hint.storeTokenOrSecret',
      });
    }
    if (!openExternal) {
      throw new VendorError('unsupported', 'Browser sign-in is not available here.', {
        hintCode: 'hint.signInFromApp',
      });
    }
    const grant = await authorizeInBrowser({
      authorizeUrl: auth.authorizeUrl,
      clientId: auth.clientId,
      scope: auth.scope,
      openExternal,
      ...(signal ? { signal } : {}),
    });
    await this.grant(
      auth.tokenUrl,
      {
        grant_type: 'authorization_code',
        client_id: auth.clientId,
        code: grant.code,
        redirect_uri: grant.redirectUri,
        code_verifier: grant.verifier,
      },
      'finishing sign-in',
    );
  }

  /** Tokens from the token endpoint for this grant, kept (the refresh token stored at once). */
  private async grant(
    tokenUrl: string,
    form: Record<string, string>,
    what: string,
    refusal?: Refusal,
  ): Promise<TokenSet> {
    const { http, clock } = this.options;
    return this.keep(await tokenRequest(http, tokenUrl, form, clock, what, refusal));
  }

  private async keep(tokens: TokenSet): Promise<TokenSet> {
    this.options.onSecret?.(tokens.accessToken);
    if (tokens.refreshToken) {
      this.options.onSecret?.(tokens.refreshToken);
      // Refresh tokens are single use: the new one must be stored before the old is lost.
      await this.options.secrets.set(this.options.accountId, REFRESH, tokens.refreshToken);
    }
    this.current = tokens;
    return tokens;
  }

  /** A secret renewing needs; missing, an error naming it, with what the user should do. */
  private async stored(name: SecretName, message: string, hintCode: MessageKey): Promise<string> {
    const value = await this.options.secrets.get(this.options.accountId, name);
    if (!value) throw new VendorError('auth', message, { hintCode, secret: name });
    return value;
  }

  private async renew(): Promise<TokenSet> {
    const { auth, vendorLabel } = this.options;
    if (auth.mode === 'static') {
      const token = await this.stored(
        ACCESS,
        `No ${vendorLabel} token is stored for this account.`,
        'hint.pasteToken',
      );
      if (this.current?.accessToken === token) {
        throw new VendorError(
          'auth',
          `The stored ${vendorLabel} token was refused or has expired.`,
          {
            hintCode: 'hint.pasteNewToken',
            secret: ACCESS,
          },
        );
      }
      this.options.onSecret?.(token);
      // A pasted token's lifetime is unknown: keep it until the vendor refuses it.
      return { accessToken: token, refreshToken: null, expiresAt: Number.MAX_SAFE_INTEGER };
    }
    if (auth.mode === 'client_credentials') {
      const clientSecret = await this.stored(
        CLIENT_SECRET,
        `No client secret is stored for this ${vendorLabel} account.`,
        'hint.enterClientSecret',
      );
      this.options.onSecret?.(clientSecret);
      return this.grant(
        auth.tokenUrl,
        {
          grant_type: 'client_credentials',
          client_id: auth.clientId,
          client_secret: clientSecret,
          scope: auth.scope,
        },
        'getting an access token',
        {
          message: `${vendorLabel} refused the client id “${auth.clientId}” or its client secret`,
          hint: 'Check the client secret (and the client id) of the confidential external application in the account settings.',
          secret: CLIENT_SECRET,
        },
      );
    }
    const refreshToken = await this.stored(
      REFRESH,
      `This ${vendorLabel} account is not signed in.`,
      'hint.signInFromSettings',
    );
    this.options.onSecret?.(refreshToken);
    return this.grant(
      auth.tokenUrl,
      { grant_type: 'refresh_token', client_id: auth.clientId, refresh_token: refreshToken },
      'renewing the access token',
    );
  }
}
