// Opens the system browser for OAuth sign-in from the CLI. The `open` package quotes the URL for
// each platform (a hand-rolled `cmd /c start "" url` cut OAuth URLs at the first `&` on Windows).
import open from 'open';
import { translator, type Translate } from '../../shared/i18n/translate';

export async function openInBrowser(url: string, t: Translate = translator('en')): Promise<void> {
  try {
    await open(url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(t('cli.browserFailed', { reason, url }), { cause: error });
  }
}
