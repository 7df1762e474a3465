// Engine alerts as Electron notifications. Live notifications are kept referenced: Electron drops
// click handlers of notifications the garbage collector has taken. On Windows a toast whose banner
// timed out lives on in the Action Center and can still be clicked there, so it stays referenced
// (the newest few of them).
import type { Notification, NotificationConstructorOptions } from 'electron';
import type { Alert } from '../../shared/alert';
import type { Language } from '../../shared/appearance';
import { notificationChoice, notificationSpec, type NotificationChoice } from './notification-text';

export interface NotifierDeps {
  create(options: NotificationConstructorOptions): Notification;
  isSupported(): boolean;
  platform: NodeJS.Platform;
  /** The settings' language, for the button labels; English when not given. */
  language?: () => Language;
  icon?: string;
  onChoice(choice: NotificationChoice): void;
}

/** Windows toasts kept clickable in the Action Center after their banner timed out. */
export const ACTION_CENTER_KEEP = 20;

export class Notifier {
  private readonly live = new Set<Notification>();
  private readonly inActionCenter: Notification[] = [];

  constructor(private readonly deps: NotifierDeps) {}

  /** Returns false where the desktop shows no notifications (the tray count still tells). */
  show(alert: Alert): boolean {
    if (!this.deps.isSupported()) return false;
    const spec = notificationSpec(alert, this.deps.platform, this.deps.language?.());
    const notification = this.deps.create({
      title: spec.title,
      body: spec.body,
      urgency: spec.urgency,
      timeoutType: spec.timeoutType,
      actions: spec.actions.map((text) => ({ type: 'button' as const, text })),
      ...(this.deps.icon ? { icon: this.deps.icon } : {}),
    });
    this.live.add(notification);
    const done = () => {
      this.live.delete(notification);
      const at = this.inActionCenter.indexOf(notification);
      if (at !== -1) this.inActionCenter.splice(at, 1);
    };
    notification.on('click', () => {
      done();
      this.deps.onChoice(notificationChoice(spec, null));
    });
    notification.on('action', (_event, index) => {
      done();
      this.deps.onChoice(notificationChoice(spec, index));
    });
    notification.on('close', (details) => {
      if (this.deps.platform === 'win32' && details?.reason !== 'userCanceled') {
        this.keepInActionCenter(notification);
      } else {
        done();
      }
    });
    notification.on('failed', done);
    notification.show();
    return true;
  }

  private keepInActionCenter(notification: Notification): void {
    if (this.inActionCenter.includes(notification)) return;
    this.inActionCenter.push(notification);
    while (this.inActionCenter.length > ACTION_CENTER_KEEP) {
      const oldest = this.inActionCenter.shift();
      if (oldest) this.live.delete(oldest);
    }
  }

  /** Acts as if the user clicked (null) or pressed a button of this alert's notification. */
  choose(alert: Alert, actionIndex: number | null): void {
    this.deps.onChoice(
      notificationChoice(notificationSpec(alert, this.deps.platform), actionIndex),
    );
  }

  /** A message of the app's own (a reset settings file, say). */
  inform(title: string, body: string): void {
    if (!this.deps.isSupported()) return;
    const notification = this.deps.create({ title, body, urgency: 'normal' });
    this.live.add(notification);
    notification.on('close', () => this.live.delete(notification));
    notification.show();
  }

  get liveCount(): number {
    return this.live.size;
  }
}
