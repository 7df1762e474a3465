import { describe, expect, it } from 'vitest';
import { languageFromEnv, languageFromLocale } from '../../shared/appearance';
import { DEFAULT_HINTS, VENDOR_ERROR_KINDS, type VendorErrorInfo } from '../../shared/errors';
import { en } from '../../shared/i18n/en';
import { localizeError } from '../../shared/i18n/error-text';
import { es } from '../../shared/i18n/es';
import {
  CATALOGS,
  describeDueIn,
  formatMessage,
  placeholders,
  relativeTime,
  translator,
} from '../../shared/i18n/translate';

const HOUR = 3_600_000;

/** Every `{x, plural, …}` in a template, as its branch names. */
function pluralBranches(template: string): string[][] {
  return [...template.matchAll(/\{\s*\w+\s*,\s*plural\s*,/g)].map((match) => {
    const rest = template.slice((match.index ?? 0) + match[0].length);
    return [...rest.matchAll(/(=\d+|zero|one|two|few|many|other)\s*\{/g)].map((m) => m[1] ?? '');
  });
}

describe('the message catalogs', () => {
  it('have the same keys in every language', () => {
    const keys = Object.keys(CATALOGS.en).sort();
    expect(keys).toEqual(expect.arrayContaining(Object.keys(en)));
    for (const [language, table] of Object.entries(CATALOGS)) {
      expect(Object.keys(table).sort(), language).toEqual(keys);
    }
  });

  it('use the same placeholders in every language, and no string is empty', () => {
    // The CLI's words included: CATALOGS holds them beside the shared catalog.
    for (const key of Object.keys(CATALOGS.en) as (keyof typeof CATALOGS.en)[]) {
      expect(CATALOGS.es[key].trim(), key).not.toBe('');
      expect(placeholders(CATALOGS.es[key]), key).toEqual(placeholders(CATALOGS.en[key]));
    }
  });

  it('give every plural an `other` branch', () => {
    for (const table of [CATALOGS.en, CATALOGS.es]) {
      for (const [key, text] of Object.entries(table)) {
        for (const branches of pluralBranches(text)) expect(branches, key).toContain('other');
      }
    }
  });

  it('fix the Spanish found so far', () => {
    expect(es['field.overdueAfterHours']).toBe('Vencida tras (horas)');
    expect(es['field.tenant']).not.toMatch(/inquilino/);
    const t = translator('es');
    expect(t('form.requiredError', { field: 'Plantilla' })).not.toMatch(/Plantilla es obligatorio/);
    expect(t('accounts.testOk', { count: 1 })).toBe('Sesión iniciada. 1 tarea abierta visible.');
    expect(t('accounts.testOk', { count: 4 })).toBe('Sesión iniciada. 4 tareas abiertas visibles.');
  });
});

describe('translate', () => {
  it('fills placeholders and picks plurals with Intl.PluralRules', () => {
    const t = translator('en');
    expect(t('accounts.testOk', { count: 1 })).toBe('Signed in. 1 open task visible.');
    expect(t('accounts.testOk', { count: 0 })).toBe('Signed in. 0 open tasks visible.');
    expect(t('inbox.count', { shown: 1, total: 1 })).toBe('1 of 1 task');
    expect(t('inbox.count', { shown: 3, total: 2000 })).toBe('3 of 2000 tasks');
    expect(translator('es')('inbox.count', { shown: 1, total: 1 })).toBe('1 de 1 tarea');
    expect(
      formatMessage('{n, plural, =0 {none} one {# item} other {# items}}', 'en', { n: 0 }),
    ).toBe('none');
    expect(formatMessage('{missing} stays', 'en')).toBe('{missing} stays');
  });

  it('says relative times with Intl.RelativeTimeFormat, in each language', () => {
    expect(relativeTime(2 * HOUR, 'en')).toBe('in 2 hours');
    expect(relativeTime(-3 * HOUR, 'es')).toBe('hace 3 horas');
    expect(relativeTime(24 * HOUR, 'es')).toBe('mañana');
    const now = Date.parse('2026-03-10T12:00:00Z');
    expect(describeDueIn(now + 2 * HOUR, now, translator('en'))).toBe('due in 2 hours');
    expect(describeDueIn(now - 3 * HOUR, now, translator('es'))).toBe('venció hace 3 horas');
    expect(describeDueIn(now + 25 * 60_000, now, translator('es'))).toBe(
      'vence dentro de 25 minutos',
    );
  });

  it('reads the language from a POSIX locale, LC_ALL first, English otherwise', () => {
    expect(languageFromLocale('es_ES.UTF-8')).toBe('es');
    expect(languageFromLocale('C')).toBeNull();
    expect(languageFromEnv({ LANG: 'es_MX.UTF-8' })).toBe('es');
    expect(languageFromEnv({ LC_ALL: 'en_GB.UTF-8', LANG: 'es_ES.UTF-8' })).toBe('en');
    expect(languageFromEnv({ LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(languageFromEnv({})).toBe('en');
  });
});

describe('errors in the reader’s language', () => {
  const info = (overrides: Partial<VendorErrorInfo>): VendorErrorInfo => ({
    kind: 'network',
    message: 'Could not reach GeoTareas while listing tasks: ECONNREFUSED.',
    hint: DEFAULT_HINTS.network,
    status: null,
    vendorCode: null,
    requestId: null,
    retryAfterMs: null,
    fields: [],
    ...overrides,
  });

  it('keeps the English default hints in the catalog, one per kind', () => {
    for (const kind of VENDOR_ERROR_KINDS) expect(DEFAULT_HINTS[kind]).toBe(en[`hint.${kind}`]);
  });

  it('renders coded messages and hints in Spanish, and the vendor’s own words as they came', () => {
    const t = translator('es');
    expect(localizeError(info({ hintCode: 'hint.network' }), t)).toEqual({
      message: 'Could not reach GeoTareas while listing tasks: ECONNREFUSED.',
      hint: 'Revise la conexión de red; Tasktray lo reintentará.',
    });
    expect(
      localizeError(
        info({ code: 'error.timeout', params: { vendor: 'UiPath', seconds: 30 }, hintCode: null }),
        t,
      ),
    ).toEqual({ message: 'UiPath no respondió en 30 s.', hint: DEFAULT_HINTS.network });
    // Errors written before codes existed (or by an older main) still show.
    expect(localizeError(info({}), t).hint).toBe(DEFAULT_HINTS.network);
    expect(localizeError(info({ hintCode: 'no.such.key' }), t).hint).toBe(DEFAULT_HINTS.network);
  });
});
