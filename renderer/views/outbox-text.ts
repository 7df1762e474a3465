// What a waiting or refused send says, in the window's language: the error's message goes through
// localizeError like every error box's, so a coded engine or vendor message reads as the user's
// language and only the vendor's own uncoded words stay as they came.
import type { VendorErrorInfo } from '../../shared/errors';
import { localizeError } from '../../shared/i18n/error-text';
import type { OutboxItem } from '../../shared/outbox';
import type { Translate } from '../i18n';

/** An error's message as the reader should see it. */
export function errorMessage(error: VendorErrorInfo, t: Translate): string {
  return localizeError(error, t).message;
}

/**
 * The outbox row's line: sending (held by a rate limit, when its last answer or its account's
 * was "slow down"), will retry (and why), or refused (and why).
 */
export function outboxStatusText(item: OutboxItem, t: Translate, rateLimited = false): string {
  if (item.state === 'sending' && (rateLimited || item.lastError?.kind === 'rate_limited'))
    return t('outbox.sendingRateLimited');
  if (item.state === 'sending') return t('outbox.sending');
  const message = item.lastError ? errorMessage(item.lastError, t) : '';
  if (item.state === 'failed') return t('outbox.refused', { message });
  if (item.lastError) return t('outbox.willRetry', { message });
  return t('outbox.sending');
}
