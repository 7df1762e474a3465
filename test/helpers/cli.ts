// Running the CLI in a test as a user would run it once: its own home folder (TASKTRAY_HOME with a
// config.json), secrets in the environment, output collected line by line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secretEnvName } from '../../electron/cli/env-secrets';
import { runCli } from '../../electron/cli/program';
import type { Clock, SecretStore } from '../../electron/core/ports';
import { SIM_USERS } from '../../electron/simulator/world';

/** A new CLI home in the temp folder, with this config.json when one is given (a string as is). */
export function cliHome(config?: unknown, prefix = 'tasktray-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (config !== undefined)
    writeFileSync(
      join(dir, 'config.json'),
      typeof config === 'string' ? config : JSON.stringify(config),
    );
  return dir;
}

/** The environment variables that give that account its password and API key. */
export function simGeoSecretEnv(accountId = 'geo'): NodeJS.ProcessEnv {
  const geo = SIM_USERS.geotareas;
  return {
    [secretEnvName(accountId, 'password')]: geo.password,
    [secretEnvName(accountId, 'apiKey')]: geo.apiKey,
  };
}

export interface CliRunOptions {
  /** Added to TASKTRAY_HOME. */
  env?: NodeJS.ProcessEnv;
  /** Stops `watch` and `demo`; a one-shot command gets an aborted signal. */
  stop?: AbortSignal;
  stdin?: string;
  clock?: Clock;
  /** The system keychain (under scripts/with-keyring.sh) unless a test gives its own. */
  keychain?: SecretStore;
  onErr?: (line: string) => void;
}

export interface CliRunResult {
  code: number;
  out: string;
  err: string;
  lines: string[];
}

/** One run of the CLI with `dir` as its home. */
export async function runCliIn(
  args: string[],
  dir: string,
  options: CliRunOptions = {},
): Promise<CliRunResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (line) => out.push(line),
    err: (line) => {
      err.push(line);
      options.onErr?.(line);
    },
    env: { TASKTRAY_HOME: dir, ...options.env },
    readStdin: async () => options.stdin ?? '',
    stopSignal: options.stop ?? AbortSignal.abort(),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.keychain ? { keychain: options.keychain } : {}),
  });
  return { code, out: out.join('\n'), err: err.join('\n'), lines: out };
}
