// The app's start: the app:// scheme, a separate profile if asked, one instance, then the shell
// once Electron is ready. A second launch (by hand, or a second login item) shows the first's inbox.
import { join } from 'node:path';
import { consoleLogger } from '../core/logger';
import { listenForDeepLinks } from './deep-link';
import type { ElectronApi } from './electron-api';
import { APP_SCHEME } from './security';
import { startShell, type RunningShell, type ShellOptions } from './shell';
import { CHROMIUM_LOCALES, languageBeforeReady } from './ui-language';
import { OLD_FOLDER_NAME, adoptOldAppFiles } from './user-data';

/** Resolves to the running shell, or null when another Tasktray already runs (this one quits). */
export async function launchApp(
  electron: ElectronApi,
  options: ShellOptions = {},
): Promise<RunningShell | null> {
  const { app, protocol } = electron;
  const env = options.env ?? process.env;
  // Must happen before `ready`: app:// behaves like https (a real origin, secure context), and
  // keeps V8's code cache as https does, so a window opened again does not compile the bundle anew.
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
  // A separate profile (the end-to-end suite's, or a second test copy); must be set before `ready`.
  if (env.TASKTRAY_USER_DATA) app.setPath('userData', env.TASKTRAY_USER_DATA);
  else {
    try {
      adoptOldAppFiles(join(app.getPath('appData'), OLD_FOLDER_NAME), app.getPath('userData'));
    } catch (error) {
      console.error('Tasktray could not copy its settings from the old folder:', error);
    }
  }
  // Date inputs and Chromium's own menus in the settings' language; must also happen before `ready`.
  app.commandLine.appendSwitch(
    'lang',
    CHROMIUM_LOCALES[languageBeforeReady(app.getPath('userData'))],
  );

  if (!app.requestSingleInstanceLock()) {
    // The running Tasktray gets our arguments through 'second-instance' and shows its inbox.
    app.quit();
    return null;
  }
  // tasktray://task/<id>: registered now, since macOS sends a launch's link before `ready`.
  const argv = options.argv ?? process.argv;
  const deepLinks = listenForDeepLinks({
    app,
    argv,
    defaultApp: process.defaultApp === true,
    logger: options.logger ?? consoleLogger('warn'),
  });
  // A launch that came with a link (argv, or macOS's early open-url) shows that task's popup alone.
  const running = app
    .whenReady()
    .then(() => startShell(electron, { ...options, showInboxAtStart: !deepLinks.hasPending() }));
  running.then(
    (shell) => deepLinks.deliverTo((link) => shell.openTask(link.taskId)),
    () => undefined, // the caller reports a failed start
  );
  // A second launch (by hand, or a second login item) shows the inbox; a link opens its task.
  app.on('second-instance', (_event, secondArgv) => {
    if (deepLinks.offer(secondArgv)) return;
    running.then(
      (shell) => shell.showInbox(),
      () => undefined, // the caller reports a failed start
    );
  });
  return running;
}
