// One error vocabulary for every vendor, serialisable so the windows can explain it.
import { z } from 'zod';

export const VENDOR_ERROR_KINDS = [
  'auth',
  'forbidden',
  'not_found',
  'validation',
  'conflict',
  'rate_limited',
  'server',
  'network',
  'timeout',
  'malformed',
  'unsupported',
  'internal',
] as const;
export const VendorErrorKindSchema = z.enum(VENDOR_ERROR_KINDS);
export type VendorErrorKind = z.infer<typeof VendorErrorKindSchema>;

export const FieldErrorSchema = z.object({ field: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldErrorSchema>;

export const VendorErrorInfoSchema = z.object({
  kind: VendorErrorKindSchema,
  /** What happened, in words a user understands. */
  message: z.string(),
  /** What the user can do about it. */
  hint: z.string(),
  status: z.number().int().nullable(),
  vendorCode: z.string().nullable(),
  requestId: z.string().nullable(),
  retryAfterMs: z.number().nonnegative().nullable(),
  fields: z.array(FieldErrorSchema),
});
export type VendorErrorInfo = z.infer<typeof VendorErrorInfoSchema>;

export const DEFAULT_HINTS: Record<VendorErrorKind, string> = {
  auth: 'Sign in again or check the account’s credentials.',
  forbidden: 'Ask an administrator for access to these tasks.',
  not_found: 'The task may have been completed, reassigned or deleted elsewhere.',
  validation: 'Correct the marked fields and submit again.',
  conflict: 'The task changed meanwhile; reload it and try again.',
  rate_limited: 'Tasktray will try again when the vendor allows it.',
  server: 'The vendor’s service has a problem; Tasktray will retry.',
  network: 'Check the network connection; Tasktray will retry.',
  timeout: 'The vendor did not answer in time; Tasktray will retry.',
  malformed:
    'The vendor sent something Tasktray does not understand; report it with the request id.',
  unsupported: 'Use the vendor’s own site for this.',
  internal: 'Tasktray hit a problem of its own; if it persists, report it with the message above.',
};
