// The completion form's values, client checks and error mapping; the account form's shaping;
// the string tables and localised due times.
import { describe, expect, it } from 'vitest';
import { AccountSchema } from '../../shared/account';
import type { TaskField } from '../../shared/task';
import { en } from '../../shared/i18n/en';
import { es } from '../../shared/i18n/es';
import { describeDueIn, placeholders, translator } from '../../shared/i18n/translate';
import { parseRoute, routeHash } from '../../renderer/views/route';
import {
  clientErrors,
  COMMENT_KEY,
  completionRequest,
  formKey,
  initialValues,
  RESULT_KEY,
} from '../../renderer/views/completion-values';
import {
  accountFieldKey,
  draftFromView,
  draftToAccount,
  emptyDraft,
} from '../../renderer/views/account-form';
import { completionErrors } from '../../electron/core/completion-check';
import { makeTask } from '../helpers/tasks';

const t = translator('en');
const field = (over: Partial<TaskField>): TaskField => ({
  name: 'f',
  label: 'F',
  type: 'text',
  required: false,
  value: null,
  options: [],
  description: null,
  ...over,
});

const task = makeTask('acme', '9', {
  completion: {
    kind: 'form',
    results: [
      { code: 'ok', label: 'Approve' },
      { code: 'no', label: 'Reject' },
    ],
    fields: [
      field({ name: 'amount', label: 'Amount', type: 'number', required: true }),
      field({ name: 'start', label: 'Start', type: 'date', value: '2026-04-01T00:00:00Z' }),
      field({ name: 'visit', label: 'Visit', type: 'boolean', value: true }),
      field({
        name: 'tpl',
        label: 'Template',
        type: 'select',
        required: true,
        value: 'std',
        options: [{ value: 'std', label: 'Standard' }],
      }),
      field({ name: 'note', label: 'Note' }),
    ],
    unavailableReason: null,
  },
});

describe('completion form values', () => {
  it('pre-fills from the vendor’s values, by type', () => {
    expect(initialValues(task.completion.fields)).toEqual({
      amount: '',
      start: '2026-04-01',
      visit: true,
      tpl: 'std',
      note: '',
    });
  });

  it('asks for a result, required fields and numbers that are numbers', () => {
    const values = initialValues(task.completion.fields);
    expect(clientErrors(task, null, values, t)).toEqual({
      [RESULT_KEY]: 'Choose a result.',
      amount: 'Amount is required.',
    });
    expect(clientErrors(task, 'ok', { ...values, amount: '12x' }, t)).toEqual({
      amount: 'Amount must be a number.',
    });
    expect(clientErrors(task, 'ok', { ...values, amount: '12.5' }, t)).toEqual({});
  });

  it('applies the engine’s rules: dates that are dates, and a comment within the limit', () => {
    const values = { ...initialValues(task.completion.fields), amount: '5', start: 'someday' };
    const long = 'x'.repeat(2_001);
    const windows = clientErrors(task, 'ok', values, t, long);
    expect(windows).toEqual({
      start: 'Start must be a date.',
      [COMMENT_KEY]: 'A comment has at most 2000 characters.',
    });
    // The engine refuses the same request for the same reasons, field for field.
    const engine = completionErrors(task, completionRequest(task, 'ok', values, long));
    expect(engine.map((e) => formKey(task, e))).toEqual(Object.keys(windows));
    expect(clientErrors(task, null, values, translator('es'))[RESULT_KEY]).toBe(
      es['form.chooseResult'],
    );
  });

  it('sends numbers as numbers, leaves blank fields out, trims the comment', () => {
    const values = { ...initialValues(task.completion.fields), amount: '1250' };
    expect(completionRequest(task, 'ok', values, '  fine  ')).toEqual({
      resultCode: 'ok',
      data: { amount: 1250, start: '2026-04-01', visit: true, tpl: 'std' },
      comment: 'fine',
    });
    expect(completionRequest(task, 'no', values, '   ').comment).toBeNull();
  });

  it('puts each error on the field it names, whoever named it', () => {
    const at = (name: string) => formKey(task, { field: name, message: 'x' });
    expect(at('amount')).toBe('amount');
    expect(at('completion.data.amount')).toBe('amount');
    expect(at('completion.resultCode')).toBe(RESULT_KEY);
    expect(at('result')).toBe(RESULT_KEY);
    expect(at('comment')).toBe(COMMENT_KEY);
    // Vendors' own names are the adapters' to map (geotareas/uipath/workflowsvc tests).
    expect(at('captured_data.amount')).toBeNull();
    expect(at('result_code')).toBeNull();
    expect(at('something_else')).toBeNull();
  });
});

describe('account form', () => {
  it('builds accounts main accepts, per vendor', () => {
    const geo = emptyDraft('geotareas');
    geo.values = {
      ...geo.values,
      id: 'acme-geo',
      name: 'Acme',
      baseUrl: 'https://acme.geotareas.com/apidev/v1',
      tenant: 'acme.geotareas.com',
      email: 'maria@acme.com',
      timeZone: '',
      pollIntervalSec: '90',
    };
    const account = AccountSchema.parse(draftToAccount(geo));
    expect(account).toMatchObject({ vendor: 'geotareas', pollIntervalSec: 90 });
    expect('timeZone' in account).toBe(false);

    const ui = emptyDraft('uipath');
    ui.authMode = 'pkce';
    ui.values = {
      ...ui.values,
      id: 'acme-ui',
      name: 'UiPath',
      orchestratorUrl: 'https://cloud.uipath.com/acme/DefaultTenant/orchestrator_',
      identityUrl: 'https://cloud.uipath.com/identity_',
      clientId: 'abc',
    };
    const parsed = AccountSchema.parse(draftToAccount(ui));
    expect(parsed).toMatchObject({ auth: { mode: 'pkce', clientId: 'abc' } });
    if (parsed.vendor !== 'uipath') throw new Error('expected a UiPath account');
    // Round trip through the edit form.
    expect(draftToAccount(draftFromView({ account: parsed, storedSecrets: [] }))).toMatchObject({
      auth: { mode: 'pkce', clientId: 'abc' },
      orchestratorUrl: parsed.orchestratorUrl,
    });
  });

  it('maps the dispatcher’s error paths to form fields', () => {
    expect(accountFieldKey('account.baseUrl')).toBe('baseUrl');
    expect(accountFieldKey('account.auth.clientId')).toBe('clientId');
    expect(accountFieldKey('secrets.apiKey')).toBe('secrets.apiKey');
  });
});

describe('strings, due times and routes', () => {
  it('has every English string in Spanish, with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(es[key], key).toBeTruthy();
      expect(placeholders(es[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('says due times as the shared wording does, and in Spanish', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    expect(describeDueIn(now + 2 * 3_600_000, now, t)).toBe('due in 2 hours');
    expect(describeDueIn(now - 3 * 86_400_000, now, t)).toBe('was due 3 days ago');
    const es_ = translator('es');
    expect(describeDueIn(now + 2 * 3_600_000, now, es_)).toBe('vence dentro de 2 horas');
    expect(describeDueIn(now - 3 * 3_600_000, now, es_)).toBe('venció hace 3 horas');
    expect(describeDueIn(null, now, es_)).toBe('sin vencimiento');
  });

  it('reads and writes the window routes, ids with colons and long digits intact', () => {
    const id = 'acme-geo:674839201748392018123';
    expect(parseRoute(routeHash({ name: 'popup', taskId: id }))).toEqual({
      name: 'popup',
      taskId: id,
    });
    expect(parseRoute('#/inbox')).toEqual({ name: 'inbox', taskId: null });
    expect(parseRoute('#/settings')).toEqual({ name: 'settings' });
    expect(parseRoute('#/accounts')).toEqual({ name: 'accounts' });
    expect(parseRoute('')).toEqual({ name: 'inbox', taskId: null });
    expect(parseRoute('#/popup/%E0%A4%A')).toEqual({ name: 'inbox', taskId: null });
  });
});
