// A logger that cannot leak secrets: sensitive keys are masked, and so is any registered secret
// value wherever it appears in a message or field.

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

const SENSITIVE_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|apikey|api_key|password|passwd|secret|client_secret|token|access_token|refresh_token|id_token|code_verifier|code|jwt)$/i;

// Values that look like credentials even if nobody registered them.
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/g;
const JWT_LIKE = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

const MIN_SECRET_LENGTH = 4;

export function createLogger(sink: (record: LogRecord) => void): Logger {
  const secrets = new Set<string>();

  const scrubText = (text: string): string => {
    let out = text.replace(BEARER, `$1 ${REDACTED}`).replace(JWT_LIKE, REDACTED);
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return out;
  };

  const scrub = (value: unknown, key: string | null, depth: number): unknown => {
    if (key !== null && SENSITIVE_KEY.test(key)) return REDACTED;
    if (typeof value === 'string') return scrubText(value);
    if (depth > 6 || value === null || typeof value !== 'object') return value;
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

/** Query parameters that carry credentials are masked in logged URLs. */
export function redactUrl(url: URL): string {
  const copy = new URL(url.toString());
  for (const key of [...copy.searchParams.keys()]) {
    if (SENSITIVE_KEY.test(key)) copy.searchParams.set(key, REDACTED);
  }
  copy.username = '';
  copy.password = '';
  return copy.toString();
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
