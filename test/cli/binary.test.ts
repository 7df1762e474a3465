// The built `tasktray` executable, as a user runs it: demo mode, alerts as JSON lines, desktop
// notifications through notify-send to a real (test) notification service, and Ctrl-C.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlertSchema } from '../../shared/alert';

const BIN = join(process.cwd(), 'out/cli/tasktray.mjs');
const WITH_NOTIFICATIONS = join(process.cwd(), 'test/fixtures/with-notification-server.sh');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What a run has shown so far: its output, and the notifications the test service recorded. */
interface Seen {
  stdout: string;
  stderr: string;
  notifications: string;
}

/**
 * Runs a command until `until` says what the test waits for has happened — judged again at each
 * chunk of output and each change of the file `watch` names — then sends SIGINT as Ctrl-C would.
 */
function runUntil(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  until: (seen: Seen) => boolean,
  watch?: string,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Its own process group, so Ctrl-C reaches every process in it, as in a terminal.
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const interrupt = () => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGINT');
    };
    let stdout = '';
    let stderr = '';
    let done = false;
    const check = () => {
      if (done) return;
      const notifications = watch && existsSync(watch) ? readFileSync(watch, 'utf8') : '';
      if (!until({ stdout, stderr, notifications })) return;
      done = true;
      interrupt();
    };
    // A run that never gets there stops anyway, and the test says what was missing.
    const deadline = setTimeout(interrupt, 15_000);
    const watcher = watch ? watchFile(watch, check) : null;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      check();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      check();
    });
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(deadline);
      watcher?.close();
      resolve({ code, stdout, stderr });
    });
  });
}

/** Calls `onChange` whenever the file changes (inotify on its folder: it may not exist yet). */
function watchFile(file: string, onChange: () => void): FSWatcher {
  return watch(dirname(file), (_event, name) => {
    if (name === basename(file)) onChange();
  });
}

const alertLines = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => AlertSchema.parse(JSON.parse(line)));

const summaries = (stdout: string) => alertLines(stdout).filter((a) => a.kind === 'summary');
const fourSummaries = (stdout: string) => summaries(stdout).length >= 4;

/** The summary notifications the test service recorded. */
const shownSummaries = (notifications: string) =>
  notifications
    .split('\n')
    .filter((line) => line.includes('"summary"'))
    .map(
      (line) =>
        JSON.parse(line) as { app: string; summary: string; body: string; urgency: number | null },
    );

describe('the tasktray executable', () => {
  it('exists (npm test builds it first)', () => {
    expect(existsSync(BIN), `${BIN} is missing: run npm run build:cli`).toBe(true);
  });

  it('runs the demo, prints alerts as JSON lines, and says once that notifications are unavailable', async () => {
    const env = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus',
      TASKTRAY_HOME: mkdtempSync(join(tmpdir(), 'tt-')),
    };
    // Until the four first-sync summaries are out and notify-send's failure has come back.
    const run = await runUntil(
      'node',
      [BIN, 'demo', '--pace', 'fast'],
      env,
      ({ stdout, stderr }) => fourSummaries(stdout) && stderr.includes('notifications are'),
    );
    expect(run.code).toBe(0);
    const alerts = alertLines(run.stdout);
    expect(
      alerts
        .filter((a) => a.kind === 'summary')
        .map((a) => a.accountId)
        .sort(),
    ).toEqual(['demo-geotareas', 'demo-maxsight', 'demo-uipath', 'demo-workflowsvc']);
    expect(run.stderr.match(/desktop notifications are unavailable/g)).toHaveLength(1);
    expect(run.stderr).toContain('demo simulator at http://127.0.0.1:');
    expect(run.stderr).toMatch(
      /control API is at http:\/\/127\.0\.0\.1:\d+\/_control, with the header "Authorization: Bearer [\w-]{43}"/,
    );
  });

  it('sends each alert to the desktop through notify-send', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'tt-notes-')), 'notifications.jsonl');
    const env = {
      ...process.env,
      NOTIFICATIONS_LOG: log,
      TASKTRAY_HOME: mkdtempSync(join(tmpdir(), 'tt-')),
    };
    // Until the four first-sync summaries are out and the notification service has shown each.
    const run = await runUntil(
      'dbus-run-session',
      ['--', WITH_NOTIFICATIONS, 'node', BIN, 'demo', '--pace', 'fast'],
      env,
      ({ stdout, notifications }) =>
        fourSummaries(stdout) && shownSummaries(notifications).length >= 4,
      log,
    );
    expect(run.stderr).not.toContain('unavailable');
    const shown = shownSummaries(readFileSync(log, 'utf8'));
    const alerts = alertLines(run.stdout);
    // Every first-sync summary reached the desktop: Ctrl-C came only once they had.
    expect(shown.map((note) => note.summary)).toEqual(
      expect.arrayContaining(
        summaries(run.stdout)
          .slice(0, 4)
          .map((a) => a.title),
      ),
    );
    for (const note of shown) {
      expect(note.app).toBe('Tasktray');
      const alert = alerts.find((a) => a.title === note.summary);
      expect(alert, `no alert titled ${note.summary}`).toBeDefined();
      expect(note.body).toBe(alert?.body);
      expect(note.urgency).toBe({ low: 0, normal: 1, critical: 2 }[alert?.urgency ?? 'normal']);
    }
  });
});
