// One error vocabulary for every vendor, serialisable so the windows can explain it.
import { z } from 'zod';
import { en } from './i18n/en';

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

/** The values a coded message is filled with. */
export const MessageParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));

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
  /**
   * `message` and `hint` by their catalog keys (shared/i18n), with the values they are filled
   * with: each side says them in its own language. `message`/`hint` stay as the English text (for
   * logs, and where no key is set: the vendor's own words).
   */
  code: z.string().nullable().optional(),
  hintCode: z.string().nullable().optional(),
  params: MessageParamsSchema.optional(),
});
export type VendorErrorInfo = z.infer<typeof VendorErrorInfoSchema>;

/** What to do, per kind, in English; the catalogs (`hint.<kind>`) have every language's. */
export const DEFAULT_HINTS = Object.fromEntries(
  VENDOR_ERROR_KINDS.map((kind) => [kind, en[`hint.${kind}`]]),
) as Record<VendorErrorKind, string>;
