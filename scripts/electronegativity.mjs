#!/usr/bin/env node
// Electronegativity (Doyensec's Electron security lint) over the shell's sources; fails on any
// finding of MEDIUM severity or above. Its CLI breaks on the newer `commander` this repo installs
// (it does not declare its own), so this calls its documented programmatic runner instead.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const electronVersion = require('electron/package.json').version;

// The shell as Electron runs it: main, preload and the page the windows load. (electron/core and
// the simulator never touch Electron; their openExternal calls go through the shell's checked one.)
const input = mkdtempSync(join(tmpdir(), 'tasktray-eng-'));
cpSync('electron/main', join(input, 'main'), { recursive: true });
cpSync('electron/preload', join(input, 'preload'), { recursive: true });
if (existsSync('renderer/index.html')) cpSync('renderer/index.html', join(input, 'index.html'));
const result = await run({
  input,
  output: null,
  isSarif: false,
  customScan: [],
  excludeFromScan: [],
  severitySet: 'medium',
  confidenceSet: 'tentative',
  isRelative: true,
  isVerbose: false,
  electronUpgrade: null,
  electronVersionOverride: electronVersion,
  parserPlugins: [],
});
rmSync(input, { recursive: true, force: true });
const findings = result.issues.filter((issue) => issue.severity.value >= 2);
for (const issue of findings) {
  console.log(
    `${issue.severity.name} ${issue.id} ${issue.file}:${issue.location.line} — ${issue.description}`,
  );
}
if (findings.length > 0) {
  console.error(`electronegativity: ${findings.length} finding(s) of MEDIUM severity or above.`);
  process.exit(1);
}
console.log(`electronegativity: no MEDIUM+ findings in the shell (Electron ${electronVersion}).`);
