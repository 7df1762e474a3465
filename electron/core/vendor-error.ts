import type { SecretName } from '../../shared/account';
import {
  DEFAULT_HINTS,
  type FieldError,
  type VendorErrorInfo,
  type VendorErrorKind,
} from '../../shared/errors';

export interface VendorErrorOptions {
  hint?: string;
  status?: number | null;
  vendorCode?: string | null;
  requestId?: string | null;
  retryAfterMs?: number | null;
  fields?: FieldError[];
  /** The keychain entry at fault (missing, refused, or saved for another host). */
  secret?: SecretName | null;
  cause?: unknown;
}

/** The one error type adapters throw; `toInfo()` is what crosses to the windows. */
export class VendorError extends Error {
  readonly kind: VendorErrorKind;
  readonly hint: string;
  readonly status: number | null;
  readonly vendorCode: string | null;
  readonly requestId: string | null;
  readonly retryAfterMs: number | null;
  readonly fields: FieldError[];
  /** Not sent to the windows: the CLI uses it to name the environment variable and command. */
  readonly secret: SecretName | null;

  constructor(kind: VendorErrorKind, message: string, options: VendorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VendorError';
    this.kind = kind;
    this.hint = options.hint ?? DEFAULT_HINTS[kind];
    this.status = options.status ?? null;
    this.vendorCode = options.vendorCode ?? null;
    this.requestId = options.requestId ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.fields = options.fields ?? [];
    this.secret = options.secret ?? null;
  }

  toInfo(): VendorErrorInfo {
    return {
      kind: this.kind,
      message: this.message,
      hint: this.hint,
      status: this.status,
      vendorCode: this.vendorCode,
      requestId: this.requestId,
      retryAfterMs: this.retryAfterMs,
      fields: this.fields,
    };
  }
}

export function isVendorError(error: unknown): error is VendorError {
  return error instanceof VendorError;
}

/**
 * Any thrown value as a VendorError, so callers handle one type. Vendor and network failures are
 * VendorErrors already (the HTTP client makes them); anything else is a problem of our own.
 */
export function toVendorError(error: unknown): VendorError {
  if (error instanceof VendorError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new VendorError('internal', message, { cause: error });
}
