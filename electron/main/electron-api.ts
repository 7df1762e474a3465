// The part of Electron's main-process API the shell uses, passed in rather than imported: the app
// hands it the real modules (index.ts), the tests a double that runs in Node (test/shell/).
import type * as Electron from 'electron';

type ElectronModule = typeof Electron;

export type ElectronApi = Pick<
  ElectronModule,
  | 'app'
  | 'BrowserWindow'
  | 'globalShortcut'
  | 'ipcMain'
  | 'Menu'
  | 'nativeImage'
  | 'net'
  | 'Notification'
  | 'powerMonitor'
  | 'protocol'
  | 'safeStorage'
  | 'screen'
  | 'session'
  | 'shell'
  | 'Tray'
  | 'utilityProcess'
>;
