// A logger that cannot leak secrets: sensitive keys are masked, and so is any registered secret
// value wherever it appears in a message or field.

import { runDetached } from '../../shared/detached';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface LogRecord {
  level: LogLevel;
  message: string;
  fields: LogFields;
}

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Registers a secret value so it is masked wherever it shows up. */
  addSecret(value: string): void;
}

export const REDACTED = '[redacted]';

// Key names as they are compared: case and separators ignored, so `Access-Token`, `accessToken`
// and `access_token` are one name.
const normalizeKey = (key: string): string => key.toLowerCase().replace(/[^a-z0-9]/g, '');

const SENSITIVE_NAMES = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'xapikey',
  'apikey',
  'key',
  'sig',
  'signature',
  'password',
  'passwd',
  'pwd',
  'secret',
  'token',
  'code',
  'codeverifier',
  'jwt',
  'pat',
  'bearer',
  'credentials',
  'sessionid',
  'sid',
]);
// Any name ending in one of these: clientSecret, refresh_token, x-auth-token, private_key,
// Ocp-Apim-Subscription-Key, X-Session-Id, …
const SENSITIVE_SUFFIXES = [
  'secret',
  'token',
  'password',
  'apikey',
  'privatekey',
  'subscriptionkey',
  'sessionid',
  'signature',
];

export function isSensitiveKey(key: string): boolean {
  const name = normalizeKey(key);
  return SENSITIVE_NAMES.has(name) || SENSITIVE_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

// Values that look like credentials even if nobody registered them.
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;
const JWT_LIKE = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;
// `name=value` (form bodies, query strings cut from their URL) and `"name": "value"` (JSON text).
const PAIR_IN_TEXT = /([A-Za-z0-9_.-]+)=([^\s&"',;]+)/g;
const JSON_PAIR_IN_TEXT = /"([A-Za-z0-9_.-]+)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;

const MIN_SECRET_LENGTH = 4;

export function createLogger(sink: (record: LogRecord) => void): Logger {
  const secrets = new Set<string>();

  const scrubText = (text: string): string => {
    let out = text.replace(BEARER, `$1 ${REDACTED}`).replace(JWT_LIKE, REDACTED);
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return redactText(out);
  };

  const scrub = (value: unknown, key: string | null, depth: number): unknown => {
    if (key !== null && isSensitiveKey(key)) return REDACTED;
    if (typeof value === 'string') return scrubText(value);
    if (value === null || typeof value !== 'object') return value;
    // Deeper than anyone reads: masked whole rather than logged unexamined.
    if (depth > 6) return REDACTED;
    if (value instanceof Error) return scrubText(`${value.name}: ${value.message}`);
    if (value instanceof URL) return scrubText(redactUrl(value));
    if (Array.isArray(value)) return value.map((item) => scrub(item, null, depth + 1));
    if (value instanceof Headers) {
      return scrub(Object.fromEntries(value.entries()), null, depth + 1);
    }
    // No prototype, so a vendor's "__proto__" key is logged like any other.
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) out[k] = scrub(v, k, depth + 1);
    return out;
  };

  const emit =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}) => {
      sink({ level, message: scrubText(message), fields: scrub(fields, null, 0) as LogFields });
    };

  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    addSecret(value: string) {
      if (value.length >= MIN_SECRET_LENGTH) secrets.add(value);
    },
  };
}

function redactParams(params: URLSearchParams): boolean {
  let changed = false;
  for (const key of [...params.keys()]) {
    if (isSensitiveKey(key)) {
      params.set(key, REDACTED);
      changed = true;
    }
  }
  return changed;
}

/**
 * Credentials in logged URLs are masked: sensitive query parameters, a user:password part, and
 * parameters in the fragment (`#access_token=…`, as implicit OAuth grants send them).
 */
export function redactUrl(url: URL): string {
  const copy = new URL(url.toString());
  const query = new URLSearchParams(copy.search);
  if (redactParams(query)) copy.search = query.toString();
  if (copy.hash.includes('=')) {
    const fragment = new URLSearchParams(copy.hash.slice(1));
    if (redactParams(fragment)) copy.hash = fragment.toString();
  }
  copy.username = '';
  copy.password = '';
  return copy.toString();
}

/** URLs and `name=value` pairs inside free text (messages, vendor error text). */
export function redactText(text: string): string {
  return text
    .replace(URL_IN_TEXT, (match) => {
      try {
        const url = new URL(match);
        const redacted = redactUrl(url);
        return redacted === url.toString() ? match : redacted;
      } catch {
        return match;
      }
    })
    .replace(PAIR_IN_TEXT, (match, name: string) =>
      isSensitiveKey(name) ? `${name}=${REDACTED}` : match,
    )
    .replace(JSON_PAIR_IN_TEXT, (match, name: string, colon: string) =>
      isSensitiveKey(name) ? `"${name}"${colon}"${REDACTED}"` : match,
    );
}

/** Starts `work` without awaiting it; a failure is logged as `<what> failed`, never dropped. */
export function fireAndLog(work: Promise<unknown>, logger: Logger, what: string): void {
  runDetached(work, (error) => logger.error(`${what} failed`, { error }));
}

/** For tests and the CLI's quiet mode. */
export const silentLogger: Logger = createLogger(() => undefined);

export function consoleLogger(minLevel: LogLevel = 'info'): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  return createLogger((record) => {
    if (order.indexOf(record.level) < order.indexOf(minLevel)) return;
    const line = JSON.stringify({ level: record.level, msg: record.message, ...record.fields });
    process.stderr.write(`${line}\n`);
  });
}
