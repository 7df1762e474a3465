// The folder every Tasktray process of a user knows: the CLI's (config.json, its state), where the
// tray app too counts requests and sign-ins, so that the app, `tasktray watch` and one-shot
// commands keep together to each vendor's limits (the app's own state stays in its data folder).
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$TASKTRAY_HOME`, else `$XDG_CONFIG_HOME/tasktray`, else `~/.config/tasktray`. */
export function sharedHomeDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TASKTRAY_HOME) return env.TASKTRAY_HOME;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'tasktray');
}

/** The shared state folder: request budgets (`budget/`) and sign-ins (`logins/`) of every process. */
export function sharedStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(sharedHomeDir(env), 'state');
}
