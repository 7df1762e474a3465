import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openConf } from '../../electron/cli/conf-store';
import { keptAsideName, openKeepingAside } from '../../electron/core/keep-aside';

const NOW = Date.parse('2025-01-02T03:04:05Z');

describe('one way to keep an unreadable file aside', () => {
  it('names the copy after the file and the UTC time', () => {
    expect(keptAsideName('/x/config.json', NOW)).toBe(
      '/x/config.json.corrupt-2025-01-02T03-04-05-000Z',
    );
  });

  it('moves a file that is not JSON aside and opens a fresh one; a good file stays', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-aside-'));
    const path = join(dir, 'state.json');
    const open = () =>
      existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as unknown) : { fresh: true };
    writeFileSync(path, '{"ok": tru');
    const opened = openKeepingAside(path, open, NOW);
    expect(opened).toEqual({ store: { fresh: true }, keptAside: keptAsideName(path, NOW) });
    expect(readFileSync(keptAsideName(path, NOW), 'utf8')).toBe('{"ok": tru');
    writeFileSync(path, '{"ok": true}');
    expect(openKeepingAside(path, open, NOW)).toEqual({ store: { ok: true }, keptAside: null });
  });

  it('is what the CLI’s config opener does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-aside-'));
    writeFileSync(join(dir, 'config.json'), '{ not json');
    const { conf, keptAside } = openConf(dir, 'config');
    expect(keptAside).toMatch(/config\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    expect(readFileSync(keptAside ?? '', 'utf8')).toBe('{ not json');
    expect(conf.store).toEqual({});
  });
});
