// The windows' security rules as plain functions: the CSP, which navigations and new windows are
// allowed (none), which links open in the browser (https only), and which senders IPC trusts.
import { extname, relative, resolve, sep } from 'node:path';

/** The renderer is served from this privileged scheme, never from file:// (whose origin is "null"). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tasktray';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The windows load only our own scripts and styles and talk to nothing but main (over IPC). */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Vite's dev server needs inline preamble scripts and its HMR socket; only in development. */
export function devCsp(devOrigin: string): string {
  const ws = devOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    `script-src 'self' 'unsafe-inline' ${devOrigin}`,
    `style-src 'self' 'unsafe-inline' ${devOrigin}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${devOrigin} ${ws}`,
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    // WHATWG URL gives "null" for non-special schemes like app:; rebuild it from its parts.
    return parsed.origin !== 'null' ? parsed.origin : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** A window may only move within the origin it was loaded from (hash routes never navigate). */
export function isAllowedNavigation(url: string, appOrigin: string): boolean {
  return originOf(url) === appOrigin;
}

/** Links a window asks to open go to the user's browser only when they are https. */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

export interface SenderFrame {
  url: string;
  /** True for the top-level frame; iframes never get to call. */
  isMainFrame: boolean;
  /** The sending webContents' id. */
  webContentsId: number;
}

/** IPC comes only from our own windows' main frames, showing our own pages. */
export function isTrustedSender(
  frame: SenderFrame | null,
  ownWebContents: ReadonlySet<number>,
  appOrigin: string,
): boolean {
  if (frame === null || !frame.isMainFrame) return false;
  if (!ownWebContents.has(frame.webContentsId)) return false;
  return originOf(frame.url) === appOrigin;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function mimeType(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file an app:// request names inside the built renderer, or null when it is not ours to
 * serve (another host, or a path that climbs out of the folder).
 */
export function resolveAppFile(requestUrl: string, rendererDir: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const root = resolve(rendererDir);
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep) || resolve(root, rel) !== file) {
    return null;
  }
  return file;
}
