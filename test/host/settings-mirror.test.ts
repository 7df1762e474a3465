// The engine host's copy of the settings: changed at once (a read-modify-write stays whole while
// main writes the file), and put back when the disk refused the write.
import { describe, expect, it } from 'vitest';
import { SettingsMirror } from '../../electron/host/settings-mirror';
import { DEFAULT_SETTINGS } from '../../shared/settings';

describe('the settings mirror', () => {
  it('reads the new settings at once, and the old ones again when the write failed', async () => {
    let fail = false;
    const written: unknown[] = [];
    const mirror = new SettingsMirror(DEFAULT_SETTINGS, async (next) => {
      if (fail) throw new Error('ENOSPC: no space left on device');
      written.push(next);
    });
    const dark = { ...DEFAULT_SETTINGS, theme: 'dark' as const };
    const saving = mirror.write(dark);
    expect(mirror.read()).toBe(dark);
    await saving;
    expect(written).toEqual([dark]);

    fail = true;
    const spanish = { ...dark, language: 'es' as const };
    const refused = mirror.write(spanish);
    expect(mirror.read()).toBe(spanish);
    await expect(refused).rejects.toThrow(/ENOSPC/);
    expect(mirror.read()).toBe(dark);
  });
});
