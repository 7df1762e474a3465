// Opens the system browser for OAuth sign-in from the CLI.
import { spawn } from 'node:child_process';
import { translator, type Translate } from '../../shared/i18n/translate';

export function openInBrowser(url: string, t: Translate = translator('en')): Promise<void> {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.once('error', (error) =>
      reject(new Error(t('cli.browserFailed', { reason: error.message, url }))),
    );
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
