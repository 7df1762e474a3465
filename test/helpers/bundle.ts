// What the windows download: the entry chunk index.html loads and the chunks it preloads, gzipped.
// Chunks loaded lazily (a Spanish catalog, say) are left out: they cost nothing until needed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The JavaScript files index.html loads up front: its scripts and its modulepreloads. */
export function mainChunkFiles(dir: string): string[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const srcs = [
    ...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((match) => match[1] ?? '');
  return [...new Set(srcs)].map((src) => join(dir, src));
}

export function gzipBytes(files: readonly string[]): number {
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
}

/** The renderer's main chunk, gzipped: what the window parses before it can show anything. */
export function mainChunkGzipBytes(dir: string): number {
  return gzipBytes(mainChunkFiles(dir));
}

/** The budget for the main chunk (issue "Speed"): 100 KB gzipped. */
export const MAIN_CHUNK_BUDGET_BYTES = 100 * 1024;
