// A waiting or refused send, and a completion that will be retried, say why in the window's
// language: the error's message goes through localizeError like every error box's.
import { describe, expect, it } from 'vitest';
import type { VendorErrorInfo } from '../../shared/errors';
import { translator } from '../../shared/i18n/translate';
import type { OutboxItem } from '../../shared/outbox';
import { errorMessage, outboxStatusText } from '../../renderer/views/outbox-text';

const es = translator('es');
const en = translator('en');

// A coded message (the engine's or a vendor adapter's), and a vendor's own words (no code).
const coded: VendorErrorInfo = {
  kind: 'server',
  message: 'GeoTareas answered 503.',
  hint: 'The vendor’s service has a problem; Tasktray will retry.',
  status: 503,
  vendorCode: null,
  requestId: null,
  retryAfterMs: null,
  fields: [],
  code: 'error.status',
  hintCode: 'hint.server',
  params: { vendor: 'GeoTareas', status: 503 },
};
const vendorWords: VendorErrorInfo = { ...coded, message: 'Importe fuera de rango', code: null };

function item(state: OutboxItem['state'], lastError: VendorErrorInfo | null): OutboxItem {
  return {
    id: 'o1',
    accountId: 'acme',
    taskId: 'acme:1',
    vendorTaskId: '1',
    locator: {},
    taskTitle: 'Aprobar presupuesto',
    op: { type: 'complete', request: { resultCode: 'ok', data: {}, comment: null } },
    createdAt: 0,
    attempts: 1,
    nextAttemptAt: 0,
    state,
    lastError,
    doneAt: null,
  };
}

describe('outbox and retry texts', () => {
  it('say a coded error in Spanish to a Spanish window', () => {
    expect(outboxStatusText(item('pending', coded), es)).toBe(
      'Aún no enviada: GeoTareas respondió 503. — se volverá a intentar',
    );
    expect(outboxStatusText(item('failed', coded), es)).toBe('Rechazada: GeoTareas respondió 503.');
    expect(es('form.willRetry', { message: errorMessage(coded, es) })).toBe(
      'Aún no enviada: GeoTareas respondió 503. Tasktray lo volverá a intentar.',
    );
  });

  it('keep the vendor’s own words, and read as before in English', () => {
    expect(outboxStatusText(item('failed', vendorWords), es)).toBe(
      'Rechazada: Importe fuera de rango',
    );
    expect(outboxStatusText(item('pending', coded), en)).toBe(
      'Not sent yet: GeoTareas answered 503. — will retry',
    );
    expect(outboxStatusText(item('sending', coded), es)).toBe(es('outbox.sending'));
  });
});
