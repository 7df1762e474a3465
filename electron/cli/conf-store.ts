// The CLI's config file through conf: a corrupt file is kept aside and reported, never a crash.
// (The engine's state is in FileStateStore, shared with the tray app.)
import Conf from 'conf';
import { openKeepingAside } from '../core/keep-aside';

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
  const { store, keptAside } = openKeepingAside(`${cwd}/${configName}.json`, open);
  return { conf: store, keptAside };
}
