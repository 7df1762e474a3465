// The simulated UiPath identity server (organisation level): /connect/authorize with PKCE and
// auto-consent as the demo user, /connect/token for code, refresh and client-credentials grants.
import { createHash, randomBytes } from 'node:crypto';
import { isObject, json, type SimRequest, type SimResponse } from '../http-kit';
import type { SimContext } from '../server';
import { SIM_USERS } from '../world';

export const UIPATH_TOKEN_TTL_S = 3600;
const CODE_TTL_MS = 5 * 60_000;
/** The subject of tokens issued to the confidential app: it is nobody's user. */
export const UIPATH_APP_SUBJECT = `app:${SIM_USERS.uipath.confidentialClientId}`;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  subject: string;
  scope: string;
  expiresAt: number;
}

function oauthError(error: string, description: string, status = 400): SimResponse {
  return json(status, { error, error_description: description }, { 'Cache-Control': 'no-store' });
}

function page(status: number, text: string): SimResponse {
  return {
    status,
    text: {
      contentType: 'text/html; charset=utf-8',
      value: `<!doctype html><title>UiPath sign-in (simulated)</title><p>${text}</p>`,
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

export function createUiPathIdentity(context: SimContext) {
  const { world, tokens } = context;
  const codes = new Map<string, PendingCode>();
  const user = SIM_USERS.uipath;

  const tokenAnswer = (subject: string, scope: string, clientId: string | null): SimResponse => {
    const body: Record<string, string | number> = {
      access_token: tokens.issue('uipath', subject, UIPATH_TOKEN_TTL_S * 1000),
      token_type: 'Bearer',
      expires_in: UIPATH_TOKEN_TTL_S,
      scope,
    };
    if (clientId && scope.split(/\s+/).includes('offline_access')) {
      body.refresh_token = tokens.issueRefresh('uipath', subject, clientId);
    }
    return json(200, body, { 'Cache-Control': 'no-store' });
  };

  function authorize(req: SimRequest): SimResponse {
    const q = req.url.searchParams;
    if (q.get('client_id') !== user.clientId) return page(400, 'Unknown client_id.');
    const redirectUri = q.get('redirect_uri');
    if (!isLoopback(redirectUri)) {
      return page(400, 'redirect_uri must be an http loopback address (RFC 8252).');
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
    // Auto-consent: the simulated browser session is the demo user's.
    const code = randomBytes(18).toString('base64url');
    codes.set(code, {
      clientId: user.clientId,
      redirectUri,
      challenge,
      subject: user.me.id,
      scope: q.get('scope') ?? '',
      expiresAt: world.now() + CODE_TTL_MS,
    });
    return back({ code });
  }

  function codeGrant(form: Record<string, string>): SimResponse {
    const pending = codes.get(form.code ?? '');
    codes.delete(form.code ?? '');
    if (!pending || pending.expiresAt < world.now()) {
      return oauthError('invalid_grant', 'The authorization code is invalid or expired.');
    }
    if (form.client_id !== pending.clientId || form.redirect_uri !== pending.redirectUri) {
      return oauthError('invalid_grant', 'client_id or redirect_uri does not match the code.');
    }
    const verifier = form.code_verifier ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== pending.challenge) {
      return oauthError('invalid_grant', 'The code_verifier does not match the code_challenge.');
    }
    return tokenAnswer(pending.subject, pending.scope, pending.clientId);
  }

  function token(req: SimRequest): SimResponse {
    if (req.method !== 'POST') return oauthError('invalid_request', 'Use POST.', 405);
    if (!isObject(req.body)) return oauthError('invalid_request', 'A form body is required.');
    const form = Object.fromEntries(
      Object.entries(req.body).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
    switch (form.grant_type) {
      case 'authorization_code':
        return codeGrant(form);
      case 'refresh_token': {
        const clientId = form.client_id ?? '';
        // Single use: the token is spent now and a new one comes with the answer.
        const subject = tokens.spendRefresh('uipath', form.refresh_token ?? '', clientId);
        if (!subject)
          return oauthError('invalid_grant', 'The refresh token is invalid or was used.');
        return tokenAnswer(
          subject,
          'OR.Tasks OR.Folders.Read OR.Users.Read offline_access',
          clientId,
        );
      }
      case 'client_credentials':
        if (
          form.client_id !== user.confidentialClientId ||
          form.client_secret !== user.clientSecret
        ) {
          return oauthError('invalid_client', 'The client credentials are invalid.');
        }
        return tokenAnswer(UIPATH_APP_SUBJECT, form.scope ?? '', null);
      default:
        return oauthError('unsupported_grant_type', `grant_type '${form.grant_type ?? ''}'.`);
    }
  }

  return {
    handle(req: SimRequest): SimResponse | null {
      if (req.path === '/identity_/connect/authorize' && req.method === 'GET')
        return authorize(req);
      if (req.path === '/identity_/connect/token') return token(req);
      return null;
    },
  };
}
