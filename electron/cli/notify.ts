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
      // No clock of its own: notify-send ends by itself, at once where there is no notification
      // service and within D-Bus's reply timeout where one hangs. A limit of ours killed it on a
      // busy machine and called notifications unavailable for the rest of the run.
      execFile(command, notifySendArgs(alert), (error, _stdout, stderr) => {
        // Killed by a signal (Ctrl-C reaches notify-send too): that says nothing about whether
        // notifications work. Several alerts may be in flight when a failure comes back: say it once.
        if (error && available && !error.signal) {
          available = false;
          const why = (stderr || error.message).trim().split('\n')[0];
          warn(`tasktray: ${t('cli.notifyUnavailable', { reason: why ?? '' })}`);
        }
        resolve();
      });
    });
}
