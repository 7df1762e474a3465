// The built `tasktray` executable, as a user runs it: demo mode, alerts as JSON lines, desktop
// notifications through notify-send to a real (test) notification service, and Ctrl-C.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlertSchema } from '../../shared/alert';

const BIN = join(process.cwd(), 'out/cli/tasktray.mjs');
const WITH_NOTIFICATIONS = join(process.cwd(), 'test/fixtures/with-notification-server.sh');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command until `until` says enough was printed, then sends SIGINT as Ctrl-C would. */
function runUntil(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  until: (stdout: string) => boolean,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Its own process group, so Ctrl-C reaches every process in it, as in a terminal.
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const interrupt = () => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGINT');
    };
    let stdout = '';
    let stderr = '';
    const deadline = setTimeout(interrupt, 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (until(stdout)) setTimeout(interrupt, 300);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });
}

const alertLines = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => AlertSchema.parse(JSON.parse(line)));

const fourSummaries = (stdout: string) =>
  alertLines(stdout).filter((a) => a.kind === 'summary').length >= 4;

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
    const run = await runUntil('node', [BIN, 'demo', '--pace', 'fast'], env, fourSummaries);
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
    const run = await runUntil(
      'dbus-run-session',
      ['--', WITH_NOTIFICATIONS, 'node', BIN, 'demo', '--pace', 'fast'],
      env,
      fourSummaries,
    );
    expect(run.stderr).not.toContain('unavailable');
    // notify-send may still be delivering the last one when Ctrl-C lands.
    const shown = readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"summary"'))
      .map(
        (line) =>
          JSON.parse(line) as {
            app: string;
            summary: string;
            body: string;
            urgency: number | null;
          },
      );
    const alerts = alertLines(run.stdout);
    expect(shown.length).toBeGreaterThanOrEqual(3);
    for (const note of shown) {
      expect(note.app).toBe('Tasktray');
      const alert = alerts.find((a) => a.title === note.summary);
      expect(alert, `no alert titled ${note.summary}`).toBeDefined();
      expect(note.body).toBe(alert?.body);
      expect(note.urgency).toBe({ low: 0, normal: 1, critical: 2 }[alert?.urgency ?? 'normal']);
    }
  });
});
