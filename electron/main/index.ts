// The Electron shell's entry: one instance, the app:// scheme, then the shell once Electron is ready.
import { join } from 'node:path';
import { app, protocol } from 'electron';
import { consoleLogger } from '../core/logger';
import { listenForDeepLinks } from './deep-link';
import { startShell } from './shell';
import { APP_SCHEME } from './security';
import { OLD_FOLDER_NAME, adoptOldAppFiles } from './user-data';

// Must happen before `ready`: app:// behaves like https (a real origin, secure context).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// A separate profile (the end-to-end suite's, or a second test copy); must be set before `ready`.
if (process.env.TASKTRAY_USER_DATA) app.setPath('userData', process.env.TASKTRAY_USER_DATA);
else {
  try {
    adoptOldAppFiles(join(app.getPath('appData'), OLD_FOLDER_NAME), app.getPath('userData'));
  } catch (error) {
    console.error('Tasktray could not copy its settings from the old folder:', error);
  }
}

if (!app.requestSingleInstanceLock()) {
  // Another Tasktray runs: it gets our arguments through 'second-instance' and shows its inbox.
  app.quit();
} else {
  // tasktray://task/<id>: registered now, since macOS sends a launch's link before `ready`.
  const deepLinks = listenForDeepLinks({
    app,
    argv: process.argv,
    defaultApp: process.defaultApp === true,
    logger: consoleLogger('warn'),
  });
  const running = app.whenReady().then(() => startShell());
  running.then(
    (shell) => deepLinks.deliverTo((link) => shell.openTask(link.taskId)),
    () => undefined, // reported below
  );
  // A second launch (by hand, or a second login item) focuses this one; a link opens its task.
  app.on('second-instance', (_event, argv) => {
    if (deepLinks.offer(argv)) return;
    void running.then((shell) => shell.showInbox());
  });
  running.catch((error: unknown) => {
    console.error('Tasktray could not start:', error);
    app.exit(1);
  });
}
