// The app's data folder is `<appData>/Tasktray` (productName); before productName was set it was
// `<appData>/tasktray`, which is also the CLI's folder, so the two wrote one state.json. At the
// first start in the new folder the app takes over the files only it ever wrote there; state.json
// and config.json stay with the CLI (the engine rebuilds its own state with one summary alert).
import { constants, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The folder the app used before it had a productName. */
export const OLD_FOLDER_NAME = 'tasktray';
export const APP_ONLY_FILES = ['settings.json', 'secrets-encrypted.json'] as const;

/** Copies the app's own files from the old folder where the new one lacks them; returns their names. */
export function adoptOldAppFiles(oldDir: string, newDir: string): string[] {
  if (resolve(oldDir) === resolve(newDir)) return [];
  const adopted: string[] = [];
  for (const name of APP_ONLY_FILES) {
    const from = join(oldDir, name);
    const to = join(newDir, name);
    // On a case-insensitive disk (macOS, Windows) the two folders are one: `to` exists.
    if (!existsSync(from) || existsSync(to)) continue;
    mkdirSync(newDir, { recursive: true });
    copyFileSync(from, to, constants.COPYFILE_EXCL);
    adopted.push(name);
  }
  return adopted;
}
