import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appResponse } from '../../electron/main/app-protocol';
import { guardWebContents } from '../../electron/main/guard';
import {
  APP_ORIGIN,
  CSP,
  devCsp,
  isAllowedNavigation,
  isExternalLinkAllowed,
  isTrustedSender,
  resolveAppFile,
} from '../../electron/main/security';

describe('content security policy', () => {
  it('allows only our own scripts and styles, nothing inline, no network', () => {
    const directives = Object.fromEntries(
      CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
    );
    expect(directives['default-src']).toBe("'none'");
    expect(directives['script-src']).toBe("'self'");
    expect(directives['style-src']).toBe("'self'");
    expect(directives['connect-src']).toBe("'none'");
    expect(directives['object-src']).toBe("'none'");
    expect(CSP).not.toMatch(/unsafe-(inline|eval)/);
    // The development policy opens exactly the dev server, never everything.
    expect(devCsp('http://localhost:5173')).toContain(
      'connect-src http://localhost:5173 ws://localhost:5173',
    );
    expect(devCsp('http://localhost:5173')).not.toContain('*');
  });
});

describe('navigation, links and senders', () => {
  it('keeps windows on their own origin', () => {
    expect(isAllowedNavigation('app://tasktray/index.html#/settings', APP_ORIGIN)).toBe(true);
    expect(isAllowedNavigation('https://evil.example/', APP_ORIGIN)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', APP_ORIGIN)).toBe(false);
    expect(isAllowedNavigation('app://other/index.html', APP_ORIGIN)).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173/#/inbox', 'http://localhost:5173')).toBe(
      true,
    );
    expect(isAllowedNavigation('not a url', APP_ORIGIN)).toBe(false);
  });

  it('opens only https links in the browser', () => {
    expect(isExternalLinkAllowed('https://cloud.uipath.com/acme')).toBe(true);
    expect(isExternalLinkAllowed('http://cloud.uipath.com/acme')).toBe(false);
    expect(isExternalLinkAllowed('file:///C:/Windows/system32/calc.exe')).toBe(false);
    expect(isExternalLinkAllowed('javascript:alert(1)')).toBe(false);
    expect(isExternalLinkAllowed('smb://host/share')).toBe(false);
  });

  it('trusts only the main frame of our own windows on our own origin', () => {
    const own = new Set([7]);
    const frame = { url: 'app://tasktray/index.html#/inbox', isMainFrame: true, webContentsId: 7 };
    expect(isTrustedSender(frame, own, APP_ORIGIN)).toBe(true);
    expect(isTrustedSender({ ...frame, isMainFrame: false }, own, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ ...frame, webContentsId: 8 }, own, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ ...frame, url: 'https://evil.example/' }, own, APP_ORIGIN)).toBe(
      false,
    );
    expect(isTrustedSender(null, own, APP_ORIGIN)).toBe(false);
  });

  it('guards every webContents: no navigation away, no webviews, windows denied, https to the browser', () => {
    const contents = new EventEmitter() as EventEmitter & {
      handler?: (details: { url: string }) => { action: string };
      setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void;
    };
    contents.setWindowOpenHandler = (h) => {
      contents.handler = h;
    };
    const opened: string[] = [];
    guardWebContents(contents as never, APP_ORIGIN, (url) => opened.push(url));
    const attempt = (event: string, url?: string) => {
      let prevented = false;
      contents.emit(event, { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(attempt('will-navigate', 'app://tasktray/index.html#/inbox')).toBe(false);
    expect(attempt('will-redirect', 'https://evil.example/')).toBe(true);
    expect(attempt('will-attach-webview')).toBe(true);
    expect(contents.handler?.({ url: 'https://acme.geotareas.com/task/1' })).toEqual({
      action: 'deny',
    });
    expect(contents.handler?.({ url: 'http://acme.geotareas.com/task/1' })).toEqual({
      action: 'deny',
    });
    expect(opened).toEqual(['https://acme.geotareas.com/task/1']);
  });
});

describe('app:// protocol', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tasktray-renderer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'tasktray-secret.txt'), 'outside');

  it('maps URLs to files inside the renderer folder only', () => {
    expect(resolveAppFile('app://tasktray/', dir)).toBe(join(dir, 'index.html'));
    expect(resolveAppFile('app://tasktray/assets/app.js', dir)).toBe(join(dir, 'assets', 'app.js'));
    // The URL parser removes dot segments itself: these stay inside the folder.
    expect(resolveAppFile('app://tasktray/../tasktray-secret.txt', dir)).toBe(
      join(dir, 'tasktray-secret.txt'),
    );
    expect(resolveAppFile('app://tasktray/%2e%2e/tasktray-secret.txt', dir)).toBe(
      join(dir, 'tasktray-secret.txt'),
    );
    // Encoded slashes survive the parser; decoded, they would climb out.
    expect(resolveAppFile('app://tasktray/%2e%2e%2ftasktray-secret.txt', dir)).toBeNull();
    expect(resolveAppFile('app://tasktray/assets/%2e%2e%2f%2e%2e%2fx', dir)).toBeNull();
    expect(resolveAppFile('app://tasktray/%00', dir)).toBeNull();
    expect(resolveAppFile('app://other/index.html', dir)).toBeNull();
    expect(resolveAppFile('https://tasktray/index.html', dir)).toBeNull();
  });

  it('serves files with their type and the CSP header, and 404 for anything else', async () => {
    const page = await appResponse('app://tasktray/index.html#/inbox', dir);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    expect(await page.text()).toContain('<title>t</title>');
    const script = await appResponse('app://tasktray/assets/app.js', dir);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await appResponse('app://tasktray/%2e%2e/tasktray-secret.txt', dir)).status).toBe(404);
    expect((await appResponse('app://tasktray/missing.js', dir)).status).toBe(404);
  });
});
