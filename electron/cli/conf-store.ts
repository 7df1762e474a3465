// The CLI's files through conf: a corrupt file is kept aside and reported, never a crash.
import { renameSync } from 'node:fs';
import Conf from 'conf';
import type { KeyValueStore } from '../core/ports';

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

/** The engine's persisted state in a conf file. */
export class ConfStore implements KeyValueStore {
  constructor(private readonly conf: Conf<Record<string, unknown>>) {}

  get(key: string): unknown {
    return this.conf.get(key);
  }

  set(key: string, value: unknown): void {
    this.conf.set(key, value);
  }

  delete(key: string): void {
    this.conf.delete(key);
  }
}
