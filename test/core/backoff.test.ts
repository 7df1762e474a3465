import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../electron/core/backoff';

const spec = { baseMs: 1_000, maxMs: 60_000 };

describe('backoffDelay: the one backoff rule', () => {
  it('waits within [c/2, c], c doubling from the base', () => {
    expect(backoffDelay(spec, 1, () => 0)).toBe(500);
    expect(backoffDelay(spec, 1, () => 1)).toBe(1_000);
    expect(backoffDelay(spec, 3, () => 0)).toBe(2_000);
    expect(backoffDelay(spec, 3, () => 1)).toBe(4_000);
  });

  it('is capped, and never below half the cap once there', () => {
    expect(backoffDelay(spec, 30, () => 1)).toBe(60_000);
    expect(backoffDelay(spec, 30, () => 0)).toBe(30_000);
    expect(backoffDelay(spec, 2_000, () => 0.5)).toBe(45_000);
  });

  it('reads an attempt below 1 as the first', () => {
    expect(backoffDelay(spec, 0, () => 0)).toBe(500);
  });
});
