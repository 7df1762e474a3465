// Start at login. macOS and Windows: Electron's login items. Linux: Electron has none, so an XDG
// autostart entry (~/.config/autostart/tasktray.desktop) that desktops read at session start.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { HIDDEN_FLAG } from './launch';

export interface Autostart {
  /** What the OS will really do at the next login. */
  isEnabled(): boolean;
  /** Asks the OS; returns the real state afterwards. */
  setEnabled(enabled: boolean): boolean;
}

/** Exec-key quoting from the Desktop Entry spec: reserved characters mean double quotes. */
function execArg(arg: string): string {
  if (!/[\s"'\\`$<>~|&;*?#()]/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function desktopEntry(command: readonly string[], name = 'Tasktray'): string {
  // Values are escaped once more as desktop-file strings, so every backslash doubles.
  const exec = command.map(execArg).join(' ').replace(/\\/g, '\\\\').replace(/\n/g, ' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${name}`,
    'Comment=Tells you the moment a workflow task needs you',
    `Exec=${exec}`,
    'Icon=tasktray',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function autostartPath(env: NodeJS.ProcessEnv, home = homedir()): string {
  const config = env.XDG_CONFIG_HOME || join(home, '.config');
  return join(config, 'autostart', 'tasktray.desktop');
}

/**
 * The command that starts this installation: the AppImage file itself when run from one (its
 * mount point changes every run); an unpackaged app also names its folder.
 */
export function launchCommand(
  execPath: string,
  env: NodeJS.ProcessEnv,
  appPath: string | null,
): string[] {
  if (env.APPIMAGE) return [env.APPIMAGE, HIDDEN_FLAG];
  return appPath === null ? [execPath, HIDDEN_FLAG] : [execPath, appPath, HIDDEN_FLAG];
}

export class XdgAutostart implements Autostart {
  constructor(
    private readonly path: string,
    private readonly command: readonly string[],
  ) {}

  isEnabled(): boolean {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return false;
    }
    // A user (or the desktop's settings) may have switched the entry off without deleting it.
    return (
      !/^Hidden\s*=\s*true\s*$/m.test(text) && !/^X-GNOME-Autostart-enabled\s*=\s*false/m.test(text)
    );
  }

  setEnabled(enabled: boolean): boolean {
    if (enabled) {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(this.path, desktopEntry(this.command), { mode: 0o644 });
    } else {
      rmSync(this.path, { force: true });
    }
    return this.isEnabled();
  }
}

/** The slice of Electron's `app` that login items need. */
export interface LoginItemApp {
  getLoginItemSettings(options?: { args?: string[] }): {
    openAtLogin: boolean;
    /** Windows: false when the user switched the entry off (Task Manager, Settings → Startup). */
    executableWillLaunchAtLogin?: boolean;
  };
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

export class LoginItemAutostart implements Autostart {
  // Windows starts us with these args; macOS ignores them and tells us `wasOpenedAtLogin`.
  private readonly args = [HIDDEN_FLAG];

  constructor(
    private readonly app: LoginItemApp,
    private readonly platform: NodeJS.Platform = 'darwin',
  ) {}

  isEnabled(): boolean {
    const settings = this.app.getLoginItemSettings({ args: this.args });
    // Windows keeps `openAtLogin` true for an entry the user disabled: only this says it will run.
    if (this.platform === 'win32') return settings.executableWillLaunchAtLogin === true;
    return settings.openAtLogin;
  }

  setEnabled(enabled: boolean): boolean {
    this.app.setLoginItemSettings({ openAtLogin: enabled, args: this.args });
    return this.isEnabled();
  }
}

export function createAutostart(options: {
  platform: NodeJS.Platform;
  app: LoginItemApp;
  execPath: string;
  env: NodeJS.ProcessEnv;
  /** The app's folder when it is not packaged (development), else null. */
  appPath: string | null;
}): Autostart {
  if (options.platform === 'darwin' || options.platform === 'win32') {
    return new LoginItemAutostart(options.app, options.platform);
  }
  return new XdgAutostart(
    autostartPath(options.env),
    launchCommand(options.execPath, options.env, options.appPath),
  );
}
