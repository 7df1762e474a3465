// Settings for the browser test host: kept as JSON text in memory and read back through
// readSettings, so the host sees exactly what a settings file would give back.
import { DEFAULT_SETTINGS, readSettings, type Settings } from '../../shared/settings';
import type { SettingsPort } from '../app/app-service';

export class MemorySettings implements SettingsPort {
  private text: string;

  constructor(initial: unknown = DEFAULT_SETTINGS) {
    this.text = JSON.stringify(initial);
  }

  read(): Settings {
    const result = readSettings(JSON.parse(this.text));
    if (!result.ok) throw new Error(`The settings cannot be read: ${result.problem}`);
    return result.settings;
  }

  write(settings: Settings): void {
    const result = readSettings(settings);
    if (!result.ok) throw new Error(`Refused to write invalid settings: ${result.problem}`);
    if (result.skippedAccounts.length > 0)
      throw new Error(`Refused to write invalid accounts: ${result.skippedAccounts.join('; ')}`);
    this.text = JSON.stringify(result.settings);
  }
}
