// The simulator's small HTTP vocabulary: what a vendor module receives and answers.
import type { IncomingHttpHeaders } from 'node:http';
import type { VendorId } from '../../shared/task';
import type { SimJson } from './world';

export interface SimRequest {
  method: string;
  /** The path below the vendor's prefix, e.g. `/apidev/v1/workflow/tasks`. */
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or form fields for x-www-form-urlencoded; undefined when there is no body. */
  body: SimJson | undefined;
  /** Set when a body was sent but is not valid JSON. */
  bodyError: string | null;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON to send; a string is sent as is (HTML pages). */
  body?: SimJson;
  /** A raw text body with its content type. */
  text?: { contentType: string; value: string };
}

export interface VendorSim {
  readonly vendor: VendorId;
  /** The first path segment this vendor is served under, e.g. `geotareas`. */
  readonly prefix: string;
  /** Answers a request, or null when no route matches (the server answers 404). */
  handle(req: SimRequest): Promise<SimResponse | null> | SimResponse | null;
  /** The vendor's error body, for injected faults and unknown routes. */
  errorBody(status: number, message: string): SimJson;
  /** Headers the vendor puts on every answer (GeoTareas' rate-limit headers, say). */
  commonHeaders?(req: SimRequest): Record<string, string>;
}

export function json(status: number, body: SimJson, headers?: Record<string, string>): SimResponse {
  return headers ? { status, body, headers } : { status, body };
}

export function header(req: SimRequest, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

export function bearer(req: SimRequest): string | null {
  const value = header(req, 'authorization');
  const match = value ? /^Bearer\s+(.+)$/i.exec(value) : null;
  return match?.[1] ?? null;
}

/** Matches `/a/:id/b` against a path; returns the params or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const s = path.split('/');
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i += 1) {
    const part = p[i] as string;
    const seg = s[i] as string;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(seg);
    else if (part !== seg) return null;
  }
  return params;
}

export function isObject(value: SimJson | undefined): value is { [key: string]: SimJson } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Integer query parameter with bounds; null when absent, NaN when invalid. */
export function intParam(url: URL, name: string): number | null {
  const raw = url.searchParams.get(name);
  if (raw === null) return null;
  return /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
}

export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}
