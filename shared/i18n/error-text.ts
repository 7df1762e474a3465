// An error in the reader's language: coded messages and hints through the catalog, the vendor's
// own words (no code) as they came. Windows, tray and CLI all go through this.
import type { VendorErrorInfo } from '../errors';
import { isMessageKey, type Translate } from './format';

export function localizeError(
  info: Pick<VendorErrorInfo, 'kind' | 'message' | 'hint' | 'code' | 'hintCode' | 'params'>,
  t: Translate,
): { message: string; hint: string } {
  const params = info.params ?? {};
  const message = info.code && isMessageKey(info.code) ? t(info.code, params) : info.message;
  const hint = info.hintCode && isMessageKey(info.hintCode) ? t(info.hintCode, params) : info.hint;
  return { message, hint };
}
