// The Electron shell's entry: one instance, the app:// scheme, then the shell once Electron is ready.
import { app, protocol } from 'electron';
import { startShell } from './shell';
import { APP_SCHEME } from './security';
import { CHROMIUM_LOCALES, languageBeforeReady } from './ui-language';

// Must happen before `ready`: app:// behaves like https (a real origin, secure context).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// A separate profile (the end-to-end suite's, or a second test copy); must be set before `ready`.
if (process.env.TASKTRAY_USER_DATA) app.setPath('userData', process.env.TASKTRAY_USER_DATA);

// Date inputs and Chromium's own menus in the settings' language; must also happen before `ready`.
app.commandLine.appendSwitch(
  'lang',
  CHROMIUM_LOCALES[languageBeforeReady(app.getPath('userData'))],
);

if (!app.requestSingleInstanceLock()) {
  // Another Tasktray runs: it gets our arguments through 'second-instance' and shows its inbox.
  app.quit();
} else {
  const running = app.whenReady().then(() => startShell());
  // A second launch (by hand, or a second login item) focuses this one.
  app.on('second-instance', () => {
    void running.then((shell) => shell.showInbox());
  });
  running.catch((error: unknown) => {
    console.error('Tasktray could not start:', error);
    app.exit(1);
  });
}
