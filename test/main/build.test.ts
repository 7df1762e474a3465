// The shell's build and tooling: electron-vite's output as Electron will load it, `npm start`
// without an Electron binary, and Electronegativity's security lint.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

describe('electron-vite build', () => {
  const out = mkdtempSync(join(tmpdir(), 'tasktray-build-'));

  beforeAll(async () => {
    await run('npx', ['electron-vite', 'build', '--outDir', out, '--logLevel', 'warn'], {
      cwd: root,
    });
  }, 120_000);

  it('builds a sandbox-ready preload: one CommonJS file that requires only electron', () => {
    const preload = readFileSync(join(out, 'preload', 'index.cjs'), 'utf8');
    const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(requires).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*import\s/m);
    expect(preload).toContain('exposeInMainWorld("tasktray"');
  });

  it('builds main as the ES module package.json names, loading the .cjs preload and the renderer', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      main: string;
      type: string;
    };
    expect(pkg.type).toBe('module');
    expect(pkg.main).toBe('out/main/index.js');
    const main = readFileSync(join(out, 'main', 'index.js'), 'utf8');
    expect(main).toMatch(/^import .* from "electron";/m);
    expect(main).toContain('../preload/index.cjs');
    expect(readFileSync(join(out, 'renderer', 'index.html'), 'utf8')).toContain(
      'Content-Security-Policy',
    );
  });
});

describe('npm start without the Electron binary', () => {
  it('explains how to get it and exits non-zero, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-start-'));
    mkdirSync(join(dir, 'scripts'));
    cpSync(join(root, 'scripts', 'start.mjs'), join(dir, 'scripts', 'start.mjs'));
    // The electron package as an offline install leaves it: no path.txt, no dist/.
    mkdirSync(join(dir, 'node_modules', 'electron'), { recursive: true });
    cpSync(
      join(root, 'node_modules', 'electron', 'package.json'),
      join(dir, 'node_modules', 'electron', 'package.json'),
    );
    cpSync(
      join(root, 'node_modules', 'electron', 'index.js'),
      join(dir, 'node_modules', 'electron', 'index.js'),
    );
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    for (const env of [{}, { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'nowhere') }]) {
      const result = await run('node', ['scripts/start.mjs'], {
        cwd: dir,
        env: { ...process.env, ...env },
      }).then(
        () => null,
        (error: { code: number; stderr: string; stdout: string }) => error,
      );
      expect(result?.code).toBe(1);
      expect(result?.stderr).toContain('the Electron binary is not installed');
      expect(result?.stderr).toContain('node node_modules/electron/install.js');
      expect(result?.stderr).toContain('npm run dev:web');
      expect(result?.stderr).not.toMatch(/^\s+at /m);
    }
  });
});

describe('Electronegativity', () => {
  it('finds nothing of medium severity or above in the shell', async () => {
    const { stdout } = await run('node', ['scripts/electronegativity.mjs'], { cwd: root });
    expect(stdout).toContain('no MEDIUM+ findings');
  }, 120_000);
});
