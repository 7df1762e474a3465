// A simulated OAuth 2.0 authorization server (RFC 6749, PKCE per RFC 7636, loopback redirects per
// RFC 8252), as the vendors that sign in through the system browser serve it: /authorize
// auto-consents as the demo user, the token endpoint redeems codes, single-use refresh tokens and,
// where a confidential client is configured, client credentials. Each vendor module routes to it.
import { createHash, randomBytes } from 'node:crypto';
import type { VendorId } from '../../shared/task';
import { isObject, json, type SimRequest, type SimResponse } from './http-kit';
import type { SimContext } from './server';

export interface OAuthServerOptions {
  vendor: VendorId;
  /** The public (PKCE) client. */
  clientId: string;
  /** The user the simulated browser session is signed in as: the subject of every code. */
  subject: string;
  tokenTtlS: number;
  codeTtlMs: number;
  /** The scope that earns a refresh token; absent, every grant to the public client has one. */
  offlineScope?: string;
  /** A scope /authorize insists on, answering `invalid_scope` without it. */
  requiredScope?: string;
  /** The scope every token answer reports; absent, the scope that was asked for. */
  grantedScope?: string;
  /** The scope a redeemed refresh token reports (SimTokens keeps none); absent, `grantedScope`. */
  refreshedScope?: string;
  /** A confidential client for the client_credentials grant; absent, that grant is unsupported. */
  confidential?: { id: string; secret: string; subject: string };
  /**
   * The title of the HTML page /authorize answers with when it has nowhere safe to redirect to
   * (UiPath); absent, it answers a JSON OAuth error (passportsvc).
   */
  pageTitle?: string;
  /**
   * Answer a token request from a client it does not know 401 `invalid_client` before looking at
   * the grant (passportsvc); otherwise such a request simply fails its grant (UiPath).
   */
  strictClient?: boolean;
}

export interface OAuthServer {
  authorize(req: SimRequest): SimResponse;
  token(req: SimRequest): SimResponse;
}

interface PendingCode {
  redirectUri: string;
  challenge: string;
  scope: string;
  expiresAt: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function oauthError(error: string, description: string, status = 400): SimResponse {
  return json(status, { error, error_description: description }, { 'Cache-Control': 'no-store' });
}

function page(status: number, title: string, text: string): SimResponse {
  return {
    status,
    text: {
      contentType: 'text/html; charset=utf-8',
      value: `<!doctype html><title>${title}</title><p>${text}</p>`,
    },
  };
}

function isLoopback(value: string | null): value is string {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  } catch {
    return false;
  }
}

function hasScope(scope: string, wanted: string): boolean {
  return scope.split(/\s+/).includes(wanted);
}

export function createOAuthServer(
  context: Pick<SimContext, 'world' | 'tokens'>,
  options: OAuthServerOptions,
): OAuthServer {
  const { world, tokens } = context;
  const { vendor, clientId, confidential } = options;
  const codes = new Map<string, PendingCode>();

  /** A refresh token goes to the public client only, and where set only with `offlineScope`. */
  const answer = (subject: string, scope: string, refreshFor: string | null): SimResponse => {
    const body: Record<string, string | number> = {
      access_token: tokens.issue(vendor, subject, options.tokenTtlS * 1000),
      token_type: 'Bearer',
      expires_in: options.tokenTtlS,
      scope,
    };
    const offline = options.offlineScope === undefined || hasScope(scope, options.offlineScope);
    if (refreshFor !== null && offline) {
      body.refresh_token = tokens.issueRefresh(vendor, subject, refreshFor);
    }
    return json(200, body, { 'Cache-Control': 'no-store' });
  };

  /** Without a known client and a loopback redirect there is nowhere safe to send an error. */
  const refuse = (error: string, description: string): SimResponse =>
    options.pageTitle === undefined
      ? oauthError(error, description)
      : page(400, options.pageTitle, description);

  function authorize(req: SimRequest): SimResponse {
    const q = req.url.searchParams;
    if (q.get('client_id') !== clientId) return refuse('invalid_client', 'Unknown client_id.');
    const redirectUri = q.get('redirect_uri');
    if (!isLoopback(redirectUri)) {
      return refuse('invalid_request', 'redirect_uri must be an http loopback address (RFC 8252).');
    }
    const back = (params: Record<string, string>): SimResponse => {
      const target = new URL(redirectUri);
      for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
      const state = q.get('state');
      if (state !== null) target.searchParams.set('state', state);
      return { status: 302, headers: { Location: target.toString() } };
    };
    if (q.get('response_type') !== 'code') return back({ error: 'unsupported_response_type' });
    const challenge = q.get('code_challenge');
    if (!challenge || q.get('code_challenge_method') !== 'S256') {
      return back({
        error: 'invalid_request',
        error_description: 'code_challenge with code_challenge_method=S256 is required.',
      });
    }
    const scope = q.get('scope') ?? '';
    if (options.requiredScope !== undefined && !hasScope(scope, options.requiredScope)) {
      return back({ error: 'invalid_scope' });
    }
    // Auto-consent: the simulated browser session is the demo user's, with no page to click.
    const code = randomBytes(18).toString('base64url');
    codes.set(code, {
      redirectUri,
      challenge,
      scope,
      expiresAt: world.now() + options.codeTtlMs,
    });
    return back({ code });
  }

  function codeGrant(form: Record<string, string>): SimResponse {
    const pending = codes.get(form.code ?? '');
    codes.delete(form.code ?? '');
    if (!pending || pending.expiresAt <= world.now()) {
      return oauthError('invalid_grant', 'The authorization code is invalid or expired.');
    }
    if (form.client_id !== clientId || form.redirect_uri !== pending.redirectUri) {
      return oauthError('invalid_grant', 'client_id or redirect_uri does not match the code.');
    }
    const verifier = form.code_verifier ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== pending.challenge) {
      return oauthError('invalid_grant', 'The code_verifier does not match the code_challenge.');
    }
    return answer(options.subject, options.grantedScope ?? pending.scope, clientId);
  }

  function token(req: SimRequest): SimResponse {
    if (req.method !== 'POST') return oauthError('invalid_request', 'Use POST.', 405);
    if (!isObject(req.body)) return oauthError('invalid_request', 'A form body is required.');
    const form = Object.fromEntries(
      Object.entries(req.body).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
    const client = form.client_id ?? '';
    if (options.strictClient && client !== clientId && client !== confidential?.id) {
      return oauthError('invalid_client', 'Unknown client_id.', 401);
    }
    switch (form.grant_type) {
      case 'authorization_code':
        return codeGrant(form);
      case 'refresh_token': {
        // Single use: the token is spent now and a new one comes with the answer.
        const subject = tokens.spendRefresh(vendor, form.refresh_token ?? '', client);
        if (!subject) {
          return oauthError('invalid_grant', 'The refresh token is invalid or was used.');
        }
        const scope = options.refreshedScope ?? options.grantedScope ?? '';
        return answer(subject, scope, client);
      }
      case 'client_credentials':
        if (!confidential) break;
        if (client !== confidential.id || form.client_secret !== confidential.secret) {
          return oauthError('invalid_client', 'The client credentials are invalid.');
        }
        return answer(confidential.subject, options.grantedScope ?? form.scope ?? '', null);
    }
    return oauthError('unsupported_grant_type', `grant_type '${form.grant_type ?? ''}'.`);
  }

  return { authorize, token };
}
