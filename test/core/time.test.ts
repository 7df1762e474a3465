import { describe, expect, it } from 'vitest';
import { msToInstant, parseInstant, parseLocalOrInstant } from '../../electron/core/time';
import { instantToMs } from '../../shared/task';

describe('vendor timestamps', () => {
  it('keeps nanoseconds exactly', () => {
    expect(parseInstant('2026-02-24T02:32:22.148605220Z')).toBe('2026-02-24T02:32:22.14860522Z');
    expect(parseInstant('2026-02-24T02:32:22.148605221Z')).toBe('2026-02-24T02:32:22.148605221Z');
    expect(instantToMs(parseInstant('2026-02-24T02:32:22.148605220Z') as string)).toBe(
      Date.parse('2026-02-24T02:32:22.148Z'),
    );
  });

  it('normalises offsets to UTC and refuses zone-less or junk input', () => {
    expect(parseInstant('2026-03-17T11:30:00+01:00')).toBe('2026-03-17T10:30:00Z');
    expect(parseInstant('2026-03-17T11:30:00')).toBeNull();
    expect(parseInstant('yesterday')).toBeNull();
    expect(parseInstant(null)).toBeNull();
  });

  it('reads zone-less times in the given zone, across DST', () => {
    expect(parseLocalOrInstant('2026-03-17T11:30:00', 'Europe/Madrid')).toBe(
      '2026-03-17T10:30:00Z',
    );
    expect(parseLocalOrInstant('2026-07-17T11:30:00', 'Europe/Madrid')).toBe(
      '2026-07-17T09:30:00Z',
    );
    expect(parseLocalOrInstant('2026-03-17T11:30:00', 'America/Mexico_City')).toBe(
      '2026-03-17T17:30:00Z',
    );
    // 02:30 on the spring-forward night does not exist in Madrid: read as 03:30 local.
    expect(parseLocalOrInstant('2026-03-29T02:30:00', 'Europe/Madrid')).toBe(
      '2026-03-29T01:30:00Z',
    );
    expect(parseLocalOrInstant('2026-03-17 11:30:00', 'UTC')).toBe('2026-03-17T11:30:00Z');
    expect(parseLocalOrInstant('2026-03-17T11:30:00Z', 'Europe/Madrid')).toBe(
      '2026-03-17T11:30:00Z',
    );
    expect(parseLocalOrInstant('not a date', 'UTC')).toBeNull();
  });

  it('formats epoch milliseconds as an instant', () => {
    expect(msToInstant(Date.parse('2026-11-26T00:00:00.250Z'))).toBe('2026-11-26T00:00:00.25Z');
  });
});

describe('out-of-range years', () => {
  it('refuses years the task model cannot hold', () => {
    expect(parseInstant('+010000-01-01T00:00:00Z')).toBeNull();
    expect(parseLocalOrInstant('+010000-01-01T00:00:00', 'UTC')).toBeNull();
  });
});
