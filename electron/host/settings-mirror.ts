// The settings as the engine host sees them: a copy in memory, read at every decision, and
// written through main, which owns the file. The copy changes at once, so a read-modify-write in
// the host stays whole; a write the disk refused puts the old copy back and fails the caller.
import type { Settings } from '../../shared/settings';
import type { SettingsPort } from '../app/app-service';

export class SettingsMirror implements SettingsPort {
  constructor(
    private current: Settings,
    private readonly persist: (settings: Settings) => Promise<unknown>,
  ) {}

  read(): Settings {
    return this.current;
  }

  async write(settings: Settings): Promise<void> {
    const before = this.current;
    this.current = settings;
    try {
      await this.persist(settings);
    } catch (error) {
      if (this.current === settings) this.current = before;
      throw error;
    }
  }
}
