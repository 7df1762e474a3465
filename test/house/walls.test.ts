// The layer walls refuse what they should: each probe is linted with the project's own ESLint
// config as if it were a file in that layer, and must fail on every forbidden import — static,
// re-exported or dynamic — while the allowed imports beside them pass.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({
  cwd: process.cwd(),
  // Type-aware rules need the file on disk; the walls do not.
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/no-unused-vars': 'off',
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
});

/** Lints `lines` as a file at `filePath`; returns the lines (1-based) that the walls refused. */
async function refusedLines(filePath: string, lines: string[]): Promise<number[]> {
  const [result] = await eslint.lintText(lines.join('\n') + '\n', { filePath });
  const messages = result?.messages ?? [];
  const fatal = messages.filter((m) => m.fatal);
  expect(fatal, JSON.stringify(fatal)).toEqual([]);
  return [
    ...new Set(
      messages
        .filter(
          (m) => m.ruleId === 'boundaries/dependencies' || m.ruleId === 'no-restricted-syntax',
        )
        .map((m) => m.line),
    ),
  ].sort((a, b) => a - b);
}

interface Probe {
  file: string;
  allowed: string[];
  refused: string[];
}

const probes: Record<string, Probe> = {
  'electron/core': {
    file: 'electron/core/wall-probe.ts',
    allowed: [
      "import { Scheduler } from './scheduler';",
      "import { z } from 'zod';",
      "import { createServer } from 'node:http';",
      "import type { Task } from '../../shared/task';",
      "export const later = () => import('./engine');",
    ],
    refused: [
      "export const e = () => import('electron');",
      "import { app } from 'electron';",
      "import * as host from '../web-host/host';",
      "import * as keychain from '../platform/keychain';",
      "import { AppService } from '../app/app-service';",
      "import * as sim from '../simulator/server';",
      "import keytar from 'keytar';",
      "export * from '../main/shell';",
      'export const any = (name: string) => import(name);',
      "import { Command } from 'commander';",
    ],
  },
  renderer: {
    file: 'renderer/wall-probe.ts',
    allowed: [
      "import { useState } from 'react';",
      "import { create } from 'zustand';",
      "import type { Task } from '../shared/task';",
    ],
    refused: [
      "import keytar from 'keytar';",
      "import Store from 'electron-store';",
      "import { readFile } from 'node:fs';",
      "import { Worker } from 'worker_threads';",
      "import { inspect } from 'util';",
      "import { EventEmitter } from 'events';",
      "import * as engine from '../electron/core/engine';",
      "export const e = () => import('electron');",
      "export const s = () => import('../electron/simulator/server');",
    ],
  },
  shared: {
    file: 'shared/wall-probe.ts',
    allowed: ["import { z } from 'zod';", "import type { Task } from './task';"],
    refused: [
      "import * as engine from '../electron/core/engine';",
      "import { join } from 'node:path';",
      "export const r = () => import('../renderer/App');",
      "import { create } from 'zustand';",
    ],
  },
  simulator: {
    file: 'electron/simulator/wall-probe.ts',
    allowed: [
      "import { CURRENT_USER_PATH } from '../core/assumptions/uipath';",
      "import { systemTimeZone } from '../core/time';",
    ],
    refused: [
      "import * as geo from '../core/adapters/geotareas';",
      "import * as engine from '../core/engine';",
      "import { app } from 'electron';",
    ],
  },
  preload: {
    file: 'electron/preload/wall-probe.ts',
    allowed: [
      "import { contextBridge } from 'electron';",
      "import type { Task } from '../../shared/task';",
    ],
    refused: [
      "import * as engine from '../core/engine';",
      "import { readFileSync } from 'node:fs';",
      "import * as keychain from '../platform/keychain';",
    ],
  },
  main: {
    file: 'electron/main/wall-probe.ts',
    allowed: [
      "import { app } from 'electron';",
      "import { CALL_CHANNEL } from '../preload/channels';",
      "import * as keychain from '../platform/keychain';",
      "import { openTasksOf } from '../host/protocol';",
    ],
    refused: [
      "import keytar from 'keytar';",
      "import * as host from '../web-host/host';",
      "import * as cli from '../cli/program';",
      "import * as preload from '../preload/index';",
      // The engine and the simulator run in the engine host, never in main's process.
      "import { serveEngineHost } from '../host/engine-host';",
      "export const s = () => import('../simulator/server');",
    ],
  },
  'electron/host': {
    file: 'electron/host/wall-probe.ts',
    allowed: [
      "import { net } from 'electron';",
      "import { Engine } from '../core/engine';",
      "import { startDemo } from '../simulator/demo';",
      "import { AppService } from '../app/app-service';",
    ],
    refused: [
      "import keytar from 'keytar';",
      "import * as keychain from '../platform/keychain';",
      "import * as shell from '../main/shell';",
      "import Store from 'electron-store';",
      "export const w = () => import('../web-host/host');",
    ],
  },
  cli: {
    file: 'electron/cli/wall-probe.ts',
    allowed: [
      "import { Command } from 'commander';",
      "import * as keychain from '../platform/keychain';",
    ],
    refused: [
      "import { app } from 'electron';",
      "import * as shell from '../main/shell';",
      "import keytar from 'keytar';",
    ],
  },
};

describe('layer walls', () => {
  for (const [layer, probe] of Object.entries(probes)) {
    it(`${layer} refuses every forbidden import and allows its own`, async () => {
      const lines = [...probe.allowed, ...probe.refused];
      const expected = probe.refused.map((_, i) => probe.allowed.length + i + 1);
      expect(await refusedLines(probe.file, lines)).toEqual(expected);
    });
  }
});

describe('a tsconfig per runtime', () => {
  /** Type-checks one probe file with a project's compiler options; returns its error messages. */
  function typeErrors(project: string, source: string): string[] {
    const config = ts.getParsedCommandLineOfConfigFile(
      project,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    if (!config) throw new Error(`cannot read ${project}`);
    const probe = join(process.cwd(), 'wall-probe.ts');
    const host = ts.createCompilerHost(config.options);
    const readFile = host.readFile.bind(host);
    host.readFile = (name) => (name === probe ? source : readFile(name));
    host.fileExists = (
      (exists) => (name: string) =>
        name === probe || exists(name)
    )(host.fileExists.bind(host));
    const program = ts.createProgram([probe], config.options, host);
    return ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }

  it('renderer code sees the DOM and no Node globals', () => {
    const errors = typeErrors(
      'tsconfig.web.json',
      'export const t = document.title;\nexport const a = Buffer.from("x"), b = process.env;',
    );
    expect(errors).toEqual([
      expect.stringMatching(/Cannot find name 'Buffer'/),
      expect.stringMatching(/Cannot find name 'process'/),
    ]);
  });

  it('Node and Electron code sees Node and no DOM', () => {
    const errors = typeErrors(
      'tsconfig.node.json',
      'export const b = Buffer.from("x");\nexport const t = document.title, w = window;',
    );
    expect(errors).toEqual([
      expect.stringMatching(/Cannot find name 'document'/),
      expect.stringMatching(/Cannot find name 'window'/),
    ]);
  });
});
