// The shell's build and tooling: electron-vite's output as Electron will load it, `npm start`
// without an Electron binary, and Electronegativity's security lint.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPILE_HINT } from '../../vite.compile-hints';

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

  it('bundles all main needs but keytar, which alone is a runtime dependency', () => {
    const imported = new Set<string>();
    const files = readdirSync(join(out, 'main'), { recursive: true, encoding: 'utf8' });
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(join(out, 'main', file), 'utf8');
      for (const m of code.matchAll(
        /^import\s[^;]*?\sfrom\s"([^"]+)"|^import\s"([^"]+)"|\bimport\("([^"]+)"\)/gm,
      ))
        imported.add((m[1] ?? m[2] ?? m[3]) as string);
    }
    const outside = [...imported].filter((s) => !s.startsWith('node:') && !s.startsWith('.'));
    expect(outside.sort()).toEqual(['electron', 'keytar']);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    // electron-builder packs `dependencies` into the asar: the bundled ones would ship twice.
    expect(Object.keys(pkg.dependencies)).toEqual(['keytar']);
    for (const name of ['react', 'react-dom', 'zustand', 'eventsource-parser', 'zod'])
      expect(pkg.devDependencies[name]).toBeDefined();
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

  it('loads the libraries as one classic script before the app, and bundles them nowhere else', () => {
    const html = readFileSync(join(out, 'renderer', 'index.html'), 'utf8');
    const tag = /<script defer src="\.\/(assets\/vendor-script-[\w-]+\.js)"><\/script>/.exec(html);
    expect(tag, html).not.toBeNull();
    const order = ['early.js', tag?.[1] ?? '', '<script type="module"'].map((s) => html.indexOf(s));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > (order[i - 1] ?? 0)))).toBe(true);
    const assets = join(out, 'renderer', 'assets');
    const vendor = readFileSync(join(out, 'renderer', tag?.[1] ?? ''), 'utf8');
    expect(vendor).toContain('__tasktrayVendor');
    expect(vendor).not.toMatch(/^\s*(import|export)\s/m);
    // React's error URL is in React and React DOM: only the vendor script holds them.
    const withReact = readdirSync(assets).filter(
      (name) =>
        name.endsWith('.js') &&
        readFileSync(join(assets, name), 'utf8').includes('react.dev/errors'),
    );
    expect(withReact).toEqual([tag?.[1]?.replace('assets/', '')]);
  });

  it('marks every renderer script for eager compilation (V8 reads the hint on the first line)', () => {
    const assets = join(out, 'renderer', 'assets');
    const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(3);
    const unhinted = scripts.filter(
      (name) => !readFileSync(join(assets, name), 'utf8').startsWith(COMPILE_HINT),
    );
    expect(unhinted).toEqual([]);
  });

  it('builds the engine host beside main, for utilityProcess.fork, without the keychain module', () => {
    const host = readFileSync(join(out, 'main', 'engine-host.js'), 'utf8');
    expect(host).toMatch(/^import .* from "electron";/m);
    expect(host).toContain('parentPort');
    expect(host).not.toContain('keytar');
    expect(readFileSync(join(out, 'main', 'index.js'), 'utf8')).toContain('engine-host.js');
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

describe('npm start with the Electron binary', () => {
  /** A checkout with an "installed" Electron binary and a stand-in electron-vite that logs its runs. */
  function checkout(withElectronVite: boolean): { dir: string; log: string } {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-start-'));
    mkdirSync(join(dir, 'scripts'));
    cpSync(join(root, 'scripts', 'start.mjs'), join(dir, 'scripts', 'start.mjs'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    const electron = join(dir, 'node_modules', 'electron');
    mkdirSync(join(electron, 'dist'), { recursive: true });
    writeFileSync(join(electron, 'package.json'), '{"name":"electron","main":"index.js"}');
    writeFileSync(join(electron, 'path.txt'), 'electron');
    writeFileSync(join(electron, 'dist', 'electron'), '');
    const log = join(dir, 'runs.jsonl');
    if (withElectronVite) {
      const vite = join(dir, 'node_modules', 'electron-vite');
      mkdirSync(join(vite, 'bin'), { recursive: true });
      writeFileSync(
        join(vite, 'package.json'),
        JSON.stringify({ name: 'electron-vite', bin: { 'electron-vite': 'bin/electron-vite.js' } }),
      );
      writeFileSync(
        join(vite, 'bin', 'electron-vite.js'),
        `require('node:fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify({ node: process.execPath, args: process.argv.slice(2) }) + '\\n');`,
      );
    }
    return { dir, log };
  }

  it('runs electron-vite build, then preview, through this Node (no npx, so no npx.cmd on Windows)', async () => {
    const { dir, log } = checkout(true);
    // No npx on the PATH at all: the script must not need it.
    await run(process.execPath, ['scripts/start.mjs', '--hidden'], {
      cwd: dir,
      env: { ...process.env, PATH: '' },
    });
    const runs = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { node: string; args: string[] });
    expect(runs).toEqual([
      { node: process.execPath, args: ['build'] },
      { node: process.execPath, args: ['preview', '--hidden'] },
    ]);
  });

  it('says what went wrong when electron-vite cannot be run', async () => {
    const { dir } = checkout(false);
    const result = await run(process.execPath, ['scripts/start.mjs'], { cwd: dir }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(result?.code).toBe(1);
    expect(result?.stderr).toContain('electron-vite is not installed');
    expect(result?.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('Electronegativity', () => {
  it('finds nothing of medium severity or above in the shell', async () => {
    const { stdout } = await run('node', ['scripts/electronegativity.mjs'], { cwd: root });
    expect(stdout).toContain('no MEDIUM+ findings');
  }, 120_000);
});
