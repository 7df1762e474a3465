// A vendor's API key from the keychain, for the adapters that cannot sign in without one: registered
// with the logger so no log line carries it, and refused with the hint that says what to enter when
// it is missing or blank (sent as a header, a blank key would reach the vendor as a missing one).
import type { MessageKey } from '../../shared/i18n/format';
import type { AdapterDeps } from './adapter';
import { VendorError } from './vendor-error';

export async function storedApiKey(
  deps: Pick<AdapterDeps, 'secrets' | 'logger'>,
  accountId: string,
  vendorLabel: string,
  hintCode: MessageKey,
): Promise<string> {
  const stored = await deps.secrets.get(accountId, 'apiKey');
  const key = stored?.trim() ?? '';
  if (key === '') {
    const message = stored
      ? `The stored ${vendorLabel} API key is blank.`
      : `No ${vendorLabel} API key is stored for this account.`;
    throw new VendorError('auth', message, { hintCode, secret: 'apiKey' });
  }
  deps.logger.addSecret(key);
  return key;
}
