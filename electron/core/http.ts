// The one way the engine talks HTTP: an injectable fetch, a timeout on every request, runtime
// validation of every body, and every failure mapped to a VendorError.
import type { z } from 'zod';
import type { FieldError, VendorErrorKind } from '../../shared/errors';
import type { MessageKey, Params } from '../../shared/i18n/translate';
import { backoffDelay, type BackoffSpec } from './backoff';
import type { Logger } from './logger';
import { redactUrl } from './logger';
import type { Clock, FetchLike } from './ports';
import { pace } from './cooperative';
import { safeParsePaced } from './paced-validation';
import { VendorError } from './vendor-error';

export const DEFAULT_TIMEOUT_MS = 15_000;
/** A 429/503 asking us to wait at most this long is retried in place, as UiPath's SDKs do. */
export const DEFAULT_MAX_INLINE_WAIT_MS = 5_000;
export const DEFAULT_MAX_ATTEMPTS = 3;
/** Retries of a transient failure: 125–250 ms, then 250–500 ms. */
const RETRY_BACKOFF: BackoffSpec = { baseMs: 250, maxMs: 4_000 };
const TRANSIENT_STATUSES = new Set([408, 502, 503, 504]);

/** A Retry-After (or rate-limit reset) further out than this is read as this: an hour at most. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;
/** Bodies larger than this (after decompression) are refused, read as a stream, never in full. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/**
 * The request options the HTTP client hands to its fetch. A rate budget in front of the network
 * says when it holds a request back, so that wait does not count against the timeout.
 */
export interface BudgetAwareInit extends RequestInit {
  onBudgetWait?: (waiting: boolean) => void;
}

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
  /**
   * Idempotent calls are retried on transient failures; writes only when refused for rate (a 429,
   * or a 503 with Retry-After), which the vendor never processed.
   */
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
}

export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed))
    return Math.min(MAX_RETRY_AFTER_MS, Math.round(Number(trimmed) * 1000));
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - now));
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

function describeZodIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** A request timeout that stops while a rate budget holds the request back, and starts afresh. */
class PausableTimeout {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly ms: number) {
    this.restart();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  pause(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  restart(): void {
    this.pause();
    if (this.controller.signal.aborted) return;
    this.timer = setTimeout(() => this.controller.abort(new Error('timeout')), this.ms);
  }

  clear(): void {
    this.pause();
  }
}

export class ResponseTooLargeError extends Error {}

/**
 * The body as text, read as a stream and given up past `maxBytes` (counted after fetch has
 * decompressed it): a small gzip bomb must not fill the memory.
 */
export async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('Content-Length') ?? Number.NaN);
  const encoded = response.headers.get('Content-Encoding');
  if (!encoded && Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(`The reply is ${declared} bytes, over ${maxBytes}.`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(`The reply is over ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
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
    return backoffDelay(RETRY_BACKOFF, attempt);
  }

  private async attempt<T>(spec: RequestSpec<T>): Promise<HttpResponse<T>> {
    const { fetch, clock, logger, vendorLabel, timeoutMs } = this.options;
    // Starting a request costs the HTTP client a fraction of a millisecond; twenty accounts'
    // polls starting together took one turn of the thread for all of them.
    await pace();
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

    const timeout = new PausableTimeout(timeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout.signal]) : timeout.signal;
    const started = clock.now();
    let response: Response;
    let text: string;
    try {
      const init: BudgetAwareInit = {
        method: spec.method,
        headers,
        body,
        signal,
        redirect: 'manual',
        onBudgetWait: (waiting) => (waiting ? timeout.pause() : timeout.restart()),
      };
      response = await fetch(url, init);
      text = await readCapped(response, MAX_RESPONSE_BYTES);
    } catch (error) {
      if (spec.signal?.aborted) throw spec.signal.reason;
      if (error instanceof ResponseTooLargeError) {
        throw new VendorError(
          'malformed',
          `${vendorLabel} sent a reply over ${Math.round(MAX_RESPONSE_BYTES / 1024 / 1024)} MB while ${spec.what}; Tasktray did not read it.`,
          { cause: error },
        );
      }
      // The rate budget refusing to wait this long: rate limited, not "could not reach".
      if (error instanceof VendorError) throw error;
      if (timeout.signal.aborted) {
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
    } finally {
      timeout.clear();
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

    if (response.status < 200 || response.status >= 300) {
      throw this.errorFor(response, text, spec, requestId);
    }

    if (!spec.schema)
      return { status: response.status, headers: response.headers, data: undefined as T };
    let parsed: unknown;
    // Replies that arrive together are each parsed in a turn with room for it.
    await pace();
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new VendorError(
        'malformed',
        `${vendorLabel} sent a reply that is not valid JSON while ${spec.what}.`,
        { status: response.status, requestId },
      );
    }
    // A page of a hundred tasks is validated a slice at a time: the thread is the windows' too.
    const result = await safeParsePaced(spec.schema, parsed);
    if (!result.success) {
      throw new VendorError(
        'malformed',
        `${vendorLabel} sent an unexpected reply while ${spec.what} (${describeZodIssues(result.issues)}).`,
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
    if (response.status >= 300 && response.status < 400) {
      // Not followed (a token must not travel on to another address): say where it pointed.
      const location = response.headers.get('Location');
      let to: string;
      try {
        const target = location ? new URL(location, response.url || undefined) : null;
        to = target ? ` to ${target.origin}${target.pathname}` : '';
      } catch {
        to = ' to an unreadable address';
      }
      return new VendorError(
        'unsupported',
        `${vendorLabel} answered ${response.status}, a redirect${to}, while ${spec.what}; Tasktray does not follow redirects.`,
        {
          status: response.status,
          requestId,
          hint: 'Check the account’s address: a wrong URL, or a sign-in page in front of the API, answers like this.',
        },
      );
    }
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
    if (retryAfterMs !== null) retryAfterMs = Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
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
