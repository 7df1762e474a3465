import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  notificationChoice,
  notificationSpec,
  SNOOZE_ACTION,
} from '../../electron/main/notification-text';
import { silentLogger } from '../../electron/core/logger';
import { openLogsMenuItem } from '../../electron/main/log-file';
import { trayMenuTemplate, type TrayMenuActions } from '../../electron/main/tray-menu';
import { trayTooltip } from '../../electron/main/tray-status';
import { CHROMIUM_LOCALES, languageBeforeReady } from '../../electron/main/ui-language';
import type { Alert } from '../../shared/alert';
import { DEFAULT_HINTS } from '../../shared/errors';

const alert: Alert = {
  id: 'al-1',
  kind: 'overdue',
  accountId: 'geo',
  taskIds: ['geo:7'],
  title: 'Vencida: Aprobar presupuesto de obra',
  body: 'Presupuestos — Venció hace 2 horas',
  at: '2026-03-10T12:00:00Z',
  urgency: 'critical',
};

const NOW = Date.parse('2026-03-10T12:00:00Z');
const noop = () => undefined;
const actions: TrayMenuActions = {
  openInbox: noop,
  refreshNow: noop,
  pauseUntil: noop,
  openSettings: noop,
  openAccounts: noop,
  setStartAtLogin: noop,
  quit: noop,
};

describe('notifications in Spanish', () => {
  it('label the macOS buttons in the language and still know Snooze by its place', () => {
    const spec = notificationSpec(alert, 'darwin', 'es');
    expect(spec).toMatchObject({
      title: 'Vencida: Aprobar presupuesto de obra',
      body: 'Presupuestos — Venció hace 2 horas',
      actions: ['Completar…', 'Posponer'],
    });
    expect(notificationChoice(spec, SNOOZE_ACTION)).toEqual({ kind: 'snooze', taskId: 'geo:7' });
    expect(notificationChoice(spec, 0)).toEqual({ kind: 'popup', taskId: 'geo:7' });
    expect(notificationSpec(alert, 'darwin').actions).toEqual(['Complete…', 'Snooze']);
  });
});

describe('the tray in Spanish', () => {
  it('says the counts with plurals in the tooltip', () => {
    const status = {
      count: 1,
      overdue: 1,
      failingAccounts: 2,
      pausedUntil: null,
      look: 'failing',
    } as const;
    expect(trayTooltip(status, NOW, 'es')).toBe(
      'Tasktray — 1 tarea abierta, 1 vencida · 2 cuentas con fallos',
    );
    expect(trayTooltip({ ...status, count: 5, overdue: 0, failingAccounts: 0 }, NOW, 'es')).toBe(
      'Tasktray — 5 tareas abiertas',
    );
    expect(trayTooltip({ ...status, count: 1, overdue: 0, failingAccounts: 1 }, NOW)).toBe(
      'Tasktray — 1 open task · 1 account failing',
    );
  });

  it('labels the menu, account health and its error in the language', () => {
    const template = trayMenuTemplate(
      {
        accounts: [{ id: 'geo', name: 'GeoTareas — Acme' }],
        health: [
          {
            accountId: 'geo',
            state: 'offline',
            lastError: {
              kind: 'network',
              message: 'Could not reach GeoTareas.',
              hint: DEFAULT_HINTS.network,
              hintCode: 'hint.network',
              status: null,
              vendorCode: null,
              requestId: null,
              retryAfterMs: null,
              fields: [],
            },
            lastSuccessAt: null,
            nextPollAt: null,
            consecutiveFailures: 3,
          },
        ],
        pausedUntil: null,
        startAtLogin: true,
        now: NOW,
        language: 'es',
      },
      {
        ...actions,
        moreItems: (t) => [
          openLogsMenuItem({ dir: '/logs', logger: silentLogger }, async () => '', t),
        ],
      },
    );
    const labels = template.map((item) => item.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        'Abrir la bandeja',
        'Actualizar ahora',
        'Pausar las notificaciones',
        'GeoTareas — Acme — Sin conexión',
        'Ajustes…',
        'Abrir registros…',
        'Salir de Tasktray',
      ]),
    );
    const pause = template.find((item) => item.label === 'Pausar las notificaciones');
    expect(Array.isArray(pause?.submenu) ? pause.submenu.map((item) => item.label) : []).toEqual([
      'Durante 1 hora',
      'Hasta mañana',
      'Reanudar',
    ]);
    const account = template.find((item) => item.label?.startsWith('GeoTareas'));
    expect(account?.toolTip).toBe('Could not reach GeoTareas.');
  });
});

describe('Chromium’s locale before ready', () => {
  it('reads the language from the settings file, English when there is none or it is corrupt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-lang-'));
    try {
      expect(languageBeforeReady(dir)).toBe('en');
      writeFileSync(join(dir, 'settings.json'), JSON.stringify({ version: 1, language: 'es' }));
      expect(CHROMIUM_LOCALES[languageBeforeReady(dir)]).toBe('es');
      writeFileSync(join(dir, 'settings.json'), '{ not json');
      expect(languageBeforeReady(dir)).toBe('en');
      writeFileSync(join(dir, 'settings.json'), JSON.stringify({ language: 'fr' }));
      expect(languageBeforeReady(dir)).toBe('en');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
