// The CLI's config file through conf: a corrupt file is kept aside and reported, never a crash.
// (The engine's state is in FileStateStore, shared with the tray app.)
import { renameSync } from 'node:fs';
import Conf from 'conf';

export interface OpenedConf {
  conf: Conf<Record<string, unknown>>;
  /** Set when the file could not be read: where the unreadable copy was kept. */
  keptAside: string | null;
}

export function openConf(cwd: string, configName: string): OpenedConf {
  const open = () =>
    new Conf<Record<string, unknown>>({
      projectName: 'tasktray',
      cwd,
      configName,
      accessPropertiesByDotNotation: false,
    });
  try {
    return { conf: open(), keptAside: null };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const path = `${cwd}/${configName}.json`;
    const keptAside = `${path}.corrupt-${Date.now()}`;
    renameSync(path, keptAside);
    return { conf: open(), keptAside };
  }
}
