// The one rule for a refused token, for every adapter that signs its requests: on a 401, renew
// the credential once and send the call once more. A request refused with 401 was not processed,
// so even a write may be sent again.
import { isVendorError, type VendorError } from './vendor-error';

/**
 * Hands out the credential to send. Given `refused` (the one the vendor just refused), it renews
 * or re-reads it; handing back that same value means nothing better can be had.
 */
export type CredentialSource<C> = (refused?: C) => Promise<C>;

export interface WithTokenOptions {
  /** Told before renewing, for the log. */
  onRenew?: (error: VendorError) => void;
  /**
   * What to throw when the renewed credential is refused too, or none could be had: the
   * adapter's words for it. Absent: the vendor's refusal as it came.
   */
  refusedAgain?: (error: VendorError) => unknown;
}

/** A vendor's refusal of the credential itself: 401. */
export function isTokenRefusal(error: unknown): error is VendorError {
  return isVendorError(error) && error.status === 401;
}

/** Sends `call` with a credential; a 401 renews it and sends the call once more. */
export async function withToken<C, R>(
  credential: CredentialSource<C>,
  call: (credential: C) => Promise<R>,
  options: WithTokenOptions = {},
): Promise<R> {
  const refusedAgain = options.refusedAgain ?? ((error: VendorError) => error);
  const first = await credential();
  try {
    return await call(first);
  } catch (error) {
    if (!isTokenRefusal(error)) throw error;
    options.onRenew?.(error);
    const renewed = await credential(first);
    if (renewed === first) throw refusedAgain(error);
    try {
      return await call(renewed);
    } catch (retryError) {
      if (isTokenRefusal(retryError)) throw refusedAgain(retryError);
      throw retryError;
    }
  }
}
