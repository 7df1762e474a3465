// Errors as the windows show them: always a VendorErrorInfo (message, hint, field errors).
import type { VendorErrorInfo } from '../shared/errors';

/** A failed call: what main answered, kept whole so fields and hints reach the form. */
export class CallError extends Error {
  constructor(readonly info: VendorErrorInfo) {
    super(info.message);
    this.name = 'CallError';
  }
}

export function internalError(message: string): VendorErrorInfo {
  return {
    kind: 'internal',
    message,
    hint: 'Reload the window; if it persists, restart Tasktray.',
    hintCode: 'hint.reloadWindow',
    status: null,
    vendorCode: null,
    requestId: null,
    retryAfterMs: null,
    fields: [],
  };
}

function looksLikeInfo(value: unknown): value is VendorErrorInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === 'string' && typeof v.message === 'string' && typeof v.hint === 'string';
}

/**
 * Whatever a call rejected with, as an error to show. The preload may reject with a CallError-like
 * object, the info itself, or (across contextBridge) an Error whose message carries the info as JSON.
 */
export function errorInfo(error: unknown): VendorErrorInfo {
  if (error instanceof CallError) return error.info;
  if (
    typeof error === 'object' &&
    error !== null &&
    looksLikeInfo((error as { info?: unknown }).info)
  ) {
    return (error as { info: VendorErrorInfo }).info;
  }
  if (looksLikeInfo(error))
    return { ...internalError(error.message), ...error, fields: error.fields ?? [] };
  if (error instanceof Error) {
    try {
      const parsed: unknown = JSON.parse(error.message);
      if (looksLikeInfo(parsed))
        return { ...internalError(parsed.message), ...parsed, fields: parsed.fields ?? [] };
    } catch {
      // Not JSON: a plain message.
    }
    return internalError(error.message);
  }
  return internalError(String(error));
}
