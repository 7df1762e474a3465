// The Electron shell's entry: the real Electron modules handed to the app's start.
import * as electron from 'electron';
import { launchApp } from './launch-app';

launchApp(electron).catch((error: unknown) => {
  console.error('Tasktray could not start:', error);
  electron.app.exit(1);
});
