// Desktop notifications from the CLI through notify-send, where there is one. Where it fails, the
// CLI keeps printing its JSON lines and says once on stderr that notifications are unavailable.
import { execFile } from 'node:child_process';
import type { Alert } from '../../shared/alert';
import { translator, type Translate } from '../../shared/i18n/translate';

export type Notifier = (alert: Alert) => Promise<void>;

/** notify-send's arguments: `--` first, so a title such as "--urgency=low" is text, not an option. */
export function notifySendArgs(alert: Alert): string[] {
  return ['--app-name=Tasktray', `--urgency=${alert.urgency}`, '--', alert.title, alert.body];
}

export function notifySend(
  warn: (message: string) => void,
  command = 'notify-send',
  t: Translate = translator('en'),
): Notifier {
  let available = true;
  return (alert) =>
    new Promise<void>((resolve) => {
      if (!available) {
        resolve();
        return;
      }
      execFile(command, notifySendArgs(alert), { timeout: 5_000 }, (error, _stdout, stderr) => {
        // Several alerts may be in flight when the first failure comes back: say it once.
        if (error && available) {
          available = false;
          const why = (stderr || error.message).trim().split('\n')[0];
          warn(`tasktray: ${t('cli.notifyUnavailable', { reason: why ?? '' })}`);
        }
        resolve();
      });
    });
}
