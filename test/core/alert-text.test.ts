import { describe, expect, it } from 'vitest';
import { describeTaskAlert, summarise } from '../../electron/core/alert-text';
import { VendorError } from '../../electron/core/vendor-error';
import { localizeError } from '../../shared/i18n/error-text';
import { translator } from '../../shared/i18n/translate';
import { makeTask } from '../helpers/tasks';

const NOW = Date.parse('2026-03-10T12:00:00Z');

describe('alert texts in the settings’ language', () => {
  const task = makeTask('geo', '7', {
    title: 'Aprobar presupuesto de obra',
    workflowName: 'Presupuestos',
    stepName: 'Revisión',
    entity: { type: 'obra', id: '12', label: 'Obra Calle Mayor 12' },
    dueAt: '2026-03-10T10:00:00Z',
  });

  it('writes a single alert in Spanish: headline, where, entity and due time', () => {
    expect(describeTaskAlert(task, 'overdue', NOW, 'es')).toEqual({
      title: 'Vencida: Aprobar presupuesto de obra',
      body: 'Presupuestos · Revisión — Obra Calle Mayor 12 — Venció hace 2 horas',
    });
    expect(describeTaskAlert(task, 'new', NOW, 'es').title).toBe(
      'Tarea nueva: Aprobar presupuesto de obra',
    );
    const bare = makeTask('geo', '8', { workflowName: null, stepName: null });
    expect(describeTaskAlert(bare, 'reminder', NOW, 'es')).toEqual({
      title: 'Recordatorio: Task 8',
      body: 'Abra Tasktray para ver los detalles.',
    });
  });

  it('keeps English when no language is given', () => {
    expect(describeTaskAlert(task, 'escalated', NOW)).toEqual({
      title: 'Escalated: Aprobar presupuesto de obra',
      body: 'Presupuestos · Revisión — Obra Calle Mayor 12 — Was due 2 hours ago',
    });
  });

  it('summarises with plurals by Intl.PluralRules, in Spanish and English', () => {
    const one = summarise('geo', [makeTask('geo', '1')], NOW, 'GeoTareas', 'es');
    expect(one.body).toBe('1 tarea abierta');
    const many = summarise(
      'geo',
      [task, makeTask('geo', '2', { escalated: true }), makeTask('geo', '3')],
      NOW,
      'GeoTareas',
      'es',
    );
    expect(many.body).toBe('3 tareas abiertas, 1 vencida, 1 escalada');
    expect(summarise('geo', [makeTask('geo', '1')], NOW, 'GeoTareas').body).toBe('1 open task');
  });
});

describe('engine and vendor errors carry keys', () => {
  it('says the default and the vendor-specific “what to do” in Spanish', () => {
    const es = translator('es');
    const network = new VendorError('network', 'Could not reach GeoTareas.').toInfo();
    expect(network.hintCode).toBe('hint.network');
    expect(localizeError(network, es).hint).toBe(
      'Revise la conexión de red; Tasktray lo reintentará.',
    );
    const password = new VendorError('auth', 'GeoTareas refused the password.', {
      hintCode: 'hint.enterCorrectPassword',
    }).toInfo();
    expect(password.hint).toMatch(/Enter the correct password/);
    expect(localizeError(password, es).hint).toMatch(/^Introduzca la contraseña correcta/);
    const coded = new VendorError('not_found', '', { code: 'error.taskGone' }).toInfo();
    expect(coded.message).toBe('This task is no longer in the inbox.');
    expect(localizeError(coded, es).message).toBe('Esta tarea ya no está en la bandeja.');
  });
});
