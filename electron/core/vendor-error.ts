import type { SecretName } from '../../shared/account';
import {
  DEFAULT_HINTS,
  type FieldError,
  type VendorErrorInfo,
  type VendorErrorKind,
} from '../../shared/errors';
import { en } from '../../shared/i18n/en';
import { formatMessage, type MessageKey, type Params } from '../../shared/i18n/translate';

export interface VendorErrorOptions {
  /** A hint in English only; prefer `hintCode`, which every language has. */
  hint?: string;
  /** What to do, by its catalog key (`hint.…`): the reader sees it in their language. */
  hintCode?: MessageKey;
  /** The message by its catalog key (`error.…`), filled with `params`; `message` is then its English. */
  code?: MessageKey;
  params?: Params;
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
  readonly code: MessageKey | null;
  readonly hintCode: MessageKey | null;
  readonly params: Params;

  constructor(kind: VendorErrorKind, message: string, options: VendorErrorOptions = {}) {
    const params = options.params ?? {};
    super(
      options.code ? formatMessage(en[options.code], 'en', params) : message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'VendorError';
    this.kind = kind;
    this.code = options.code ?? null;
    this.params = params;
    // A hint given as plain text has no key; with neither, the kind's hint (keyed) applies.
    this.hintCode = options.hintCode ?? (options.hint === undefined ? `hint.${kind}` : null);
    this.hint =
      options.hint ??
      (options.hintCode ? formatMessage(en[options.hintCode], 'en', params) : DEFAULT_HINTS[kind]);
    this.status = options.status ?? null;
    this.vendorCode = options.vendorCode ?? null;
    this.requestId = options.requestId ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.fields = options.fields ?? [];
    this.secret = options.secret ?? null;
  }

  /** The error again on the other side of a process boundary, as `toInfo()` described it. */
  static fromInfo(info: VendorErrorInfo): VendorError {
    return new VendorError(info.kind, info.message, {
      hint: info.hint,
      ...(info.hintCode ? { hintCode: info.hintCode as MessageKey } : {}),
      ...(info.code ? { code: info.code as MessageKey } : {}),
      params: info.params ?? {},
      status: info.status,
      vendorCode: info.vendorCode,
      requestId: info.requestId,
      retryAfterMs: info.retryAfterMs,
      fields: info.fields,
    });
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
      code: this.code,
      hintCode: this.hintCode,
      params: { ...this.params },
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
