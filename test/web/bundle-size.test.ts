// The windows' JavaScript stays small: the main chunk within its budget, and no runtime schemas
// (zod) in it — main validates every IPC payload; the windows only read types from shared/.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertRendererBuilt, RENDERER_DIR } from '../helpers/browser';
import { MAIN_CHUNK_BUDGET_BYTES, mainChunkFiles, mainChunkGzipBytes } from '../helpers/bundle';

describe('the renderer bundle', () => {
  it('keeps the main chunk within 100 KB gzipped', () => {
    assertRendererBuilt();
    const bytes = mainChunkGzipBytes(RENDERER_DIR);
    expect(mainChunkFiles(RENDERER_DIR).length).toBeGreaterThan(0);
    expect(
      bytes,
      `main chunk is ${(bytes / 1024).toFixed(1)} KB gzipped; the budget is 100 KB`,
    ).toBeLessThanOrEqual(MAIN_CHUNK_BUDGET_BYTES);
  });

  it('carries no zod: the windows import types, not schemas, from shared/', () => {
    assertRendererBuilt();
    for (const file of mainChunkFiles(RENDERER_DIR)) {
      const text = readFileSync(file, 'utf8');
      expect(/ZodError|\$ZodType|_zod/.test(text), `${file} contains zod`).toBe(false);
    }
  });
});
