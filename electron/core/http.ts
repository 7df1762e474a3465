// The one way the engine talks HTTP: an injectable fetch, a timeout on every request, runtime
// validation of every body, and every failure mapped to a VendorError.
import type { z } from 'zod';
import type { FieldError, VendorErrorKind } from '../../shared/errors';
import type { MessageKey, Params } from '../../shared/i18n/translate';
import type { Logger } from './logger';
import { redactUrl } from './logger';
import type { Clock, FetchLike } from './ports';
import { VendorError } from './vendor-error';

export const DEFAULT_TIMEOUT_MS = 15_000;
/** A 429/503 asking us to wait at most this long is retried in place, as UiPath's SDKs do. */
export const DEFAULT_MAX_INLINE_WAIT_MS = 5_000;
export const DEFAULT_MAX_ATTEMPTS = 3;
const BACKOFF_BASE_MS = 250;
const TRANSIENT_STATUSES = new Set([408, 502, 503, 504]);

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string | URL;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Validates the JSON body; omit for calls that answer with no body (204). */
  schema?: z.ZodType<T>;
  /** Idempotent calls are retried on transient failures; writes only on 429 (never processed). */
  idempotent?: boolean;
  signal?: AbortSignal;
  /** What the call is, for messages: "listing tasks". */
  what: string;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

export interface ErrorDetails {
  message?: string;
  /** A request id the vendor puts in the error body rather than a header (UiPath's traceId). */
  requestId?: string;
  vendorCode?: string;
  fields?: FieldError[];
  kind?: VendorErrorKind;
}

export interface ResponseInfo {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  durationMs: number;
}

export interface HttpClientOptions {
  fetch: FetchLike;
  clock: Clock;
  logger: Logger;
  /** "GeoTareas": used in messages. */
  vendorLabel: string;
  timeoutMs?: number;
  maxInlineWaitMs?: number;
  maxAttempts?: number;
  /** The header carrying the vendor's request id, shown in error details. */
  requestIdHeader?: string;
  /** Reads the vendor's error body. */
  describeError?: (status: number, body: unknown) => ErrorDetails;
  /** Vendor-specific hints per error kind (Maxsight's IP allow-listing on 401/403, say), as keys. */
  hints?: Partial<Record<VendorErrorKind, MessageKey>>;
  /** The values those hints are filled with. */
  hintParams?: Params;
  /** How long to wait on a 429 when there is no Retry-After (a vendor's reset header, say). */
  retryAfterFallback?: (headers: Headers, now: number) => number | null;
  /** Every response, for rate-limit budgeting. */
  onResponse?: (info: ResponseInfo) => void;
}

export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function statusKind(status: number): VendorErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  return 'validation';
}

function buildUrl(url: string | URL, query: Record<string, QueryValue> | undefined): URL {
  const out = new URL(url.toString());
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) out.searchParams.set(key, String(value));
  }
  return out;
}

function describeZodIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

export class HttpClient {
  private readonly options: Required<
    Pick<HttpClientOptions, 'timeoutMs' | 'maxInlineWaitMs' | 'maxAttempts'>
  > &
    HttpClientOptions;

  constructor(options: HttpClientOptions) {
    // `??`, not spread defaults: callers pass through optional settings as explicit undefined.
    this.options = {
      ...options,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxInlineWaitMs: options.maxInlineWaitMs ?? DEFAULT_MAX_INLINE_WAIT_MS,
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    };
  }

  async request<T = undefined>(spec: RequestSpec<T>): Promise<HttpResponse<T>> {
    const { clock } = this.options;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.attempt(spec);
      } catch (error) {
        if (!(error instanceof VendorError) || attempt >= this.options.maxAttempts) throw error;
        const wait = this.retryDelay(error, spec, attempt);
        if (wait === null) throw error;
        this.options.logger.debug('retrying request', {
          what: spec.what,
          attempt,
          waitMs: wait,
          kind: error.kind,
        });
        await clock.sleep(wait, spec.signal);
      }
    }
  }

  private retryDelay(
    error: VendorError,
    spec: RequestSpec<unknown>,
    attempt: number,
  ): number | null {
    const rateLimited =
      error.kind === 'rate_limited' || (error.status === 503 && error.retryAfterMs !== null);
    if (rateLimited) {
      // A request refused for rate is not processed, so even writes may be sent again.
      if (error.retryAfterMs === null || error.retryAfterMs > this.options.maxInlineWaitMs)
        return null;
      return error.retryAfterMs;
    }
    if (!spec.idempotent) return null;
    const transient =
      error.kind === 'network' ||
      error.kind === 'timeout' ||
      (error.status !== null && TRANSIENT_STATUSES.has(error.status));
    if (!transient) return null;
    const base = BACKOFF_BASE_MS * 2 ** (attempt - 1);
    return base + Math.floor(Math.random() * base);
  }

  private async attempt<T>(spec: RequestSpec<T>): Promise<HttpResponse<T>> {
    const { fetch, clock, logger, vendorLabel, timeoutMs } = this.options;
    const url = buildUrl(spec.url, spec.query);
    const headers = new Headers({ Accept: 'application/json', ...spec.headers });
    let body: string | undefined;
    if (spec.json !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(spec.json);
    } else if (spec.form !== undefined) {
      headers.set('Content-Type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(spec.form).toString();
    }

    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
    const started = clock.now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: spec.method,
        headers,
        body,
        signal,
        redirect: 'manual',
      });
      text = await response.text();
    } catch (error) {
      if (spec.signal?.aborted) throw spec.signal.reason;
      if (timeout.aborted) {
        throw new VendorError(
          'timeout',
          `${vendorLabel} did not answer within ${Math.round(timeoutMs / 1000)} s while ${spec.what}.`,
        );
      }
      const reason =
        error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
      throw new VendorError(
        'network',
        `Could not reach ${vendorLabel} while ${spec.what}: ${reason}.`,
        {
          cause: error,
        },
      );
    }
    const durationMs = clock.now() - started;
    const requestId = this.options.requestIdHeader
      ? response.headers.get(this.options.requestIdHeader)
      : null;
    logger.debug('http', {
      method: spec.method,
      url: redactUrl(url),
      status: response.status,
      durationMs,
      requestId,
    });
    this.options.onResponse?.({
      method: spec.method,
      url: url.toString(),
      status: response.status,
      headers: response.headers,
      durationMs,
    });

    if (response.status < 200 || response.status >= 300) {
      throw this.errorFor(response, text, spec, requestId);
    }

    if (!spec.schema)
      return { status: response.status, headers: response.headers, data: undefined as T };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new VendorError(
        'malformed',
        `${vendorLabel} sent a reply that is not valid JSON while ${spec.what}.`,
        { status: response.status, requestId },
      );
    }
    const result = spec.schema.safeParse(parsed);
    if (!result.success) {
      throw new VendorError(
        'malformed',
        `${vendorLabel} sent an unexpected reply while ${spec.what} (${describeZodIssues(result.error)}).`,
        { status: response.status, requestId },
      );
    }
    return { status: response.status, headers: response.headers, data: result.data };
  }

  private errorFor(
    response: Response,
    text: string,
    spec: RequestSpec<unknown>,
    requestId: string | null,
  ): VendorError {
    const { vendorLabel, clock } = this.options;
    let body: unknown;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      body = null;
    }
    const details =
      body === null ? {} : (this.options.describeError?.(response.status, body) ?? {});
    const kind = details.kind ?? statusKind(response.status);
    let retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), clock.now());
    if (retryAfterMs === null && kind === 'rate_limited') {
      retryAfterMs = this.options.retryAfterFallback?.(response.headers, clock.now()) ?? null;
    }
    const vendorMessage = details.message ? `: ${details.message}` : '';
    const message =
      kind === 'rate_limited' && retryAfterMs !== null
        ? `${vendorLabel} asked us to slow down while ${spec.what}; retrying in ${Math.ceil(retryAfterMs / 1000)} s${vendorMessage}.`
        : `${vendorLabel} answered ${response.status} while ${spec.what}${vendorMessage}.`;
    return new VendorError(kind, message, {
      status: response.status,
      vendorCode: details.vendorCode ?? null,
      fields: details.fields ?? [],
      requestId: details.requestId ?? requestId,
      retryAfterMs,
      ...(this.options.hints?.[kind]
        ? { hintCode: this.options.hints[kind], params: this.options.hintParams ?? {} }
        : {}),
    });
  }
}
