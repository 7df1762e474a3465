// Serves the built renderer's files, never anything outside its folder, with the app's CSP.
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** The same policy the HTML declares in its meta tag: the window runs with it in both places. */
export const RENDERER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Files already read, by path, for one host: the built renderer does not change while a host
 * serves it (rebuild → restart the host), and a window's first paint should not wait for the disk
 * (or a thread-pool turn on a busy loop) for each file. Files that are missing are not remembered.
 */
export type StaticCache = Map<string, Promise<Buffer>>;

function readOnce(cache: StaticCache, file: string): Promise<Buffer> {
  let body = cache.get(file);
  if (!body) {
    body = stat(file).then((info) => {
      if (!info.isFile()) throw new Error('not a file');
      return readFile(file);
    });
    cache.set(file, body);
    body.catch(() => cache.delete(file));
  }
  return body;
}

/**
 * The build's assets/ are named by their content's hash, so a browser keeps them for good (and
 * with them V8's code cache, as Electron keeps it for app://): a window that opens again does not
 * fetch or compile the bundle again. The page and public/ files keep their names across builds:
 * asked for again each time.
 */
function cacheControl(relative: string): string {
  return relative.startsWith(`${sep}assets${sep}`)
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
}

export async function serveStatic(
  root: string,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
  cache: StaticCache = new Map(),
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const base = resolve(root);
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname));
  } catch {
    res.writeHead(400).end();
    return;
  }
  const file = join(base, relative);
  if (file !== base && !file.startsWith(base + sep)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readOnce(cache, file);
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': RENDERER_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': cacheControl(relative),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    const hint =
      relative === sep + 'index.html' ? ' Build the renderer first: npm run build:renderer.' : '';
    res
      .writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
      .end(`Not found: ${pathname}.${hint}`);
  }
}
