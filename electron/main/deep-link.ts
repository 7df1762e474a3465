// tasktray://task/<id> opens the popup on a task. Links come from outside (a browser, a chat, a
// mail), so they are parsed strictly: one scheme, one host, one task id of the shape Tasktray
// makes (`<account id>:<vendor task id>`), nothing else. Electron's app is passed in.
import { resolve } from 'node:path';
import type { Logger } from '../core/logger';

export const DEEP_LINK_SCHEME = 'tasktray';

export interface TaskLink {
  kind: 'task';
  taskId: string;
}

export type DeepLinkParse = { ok: true; link: TaskLink } | { ok: false; reason: string };

const ACCOUNT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const MAX_TASK_ID = 300;

export function parseDeepLink(raw: string): DeepLinkParse {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return { ok: false, reason: 'not a tasktray: link' };
  if (url.username || url.password || url.port || url.search || url.hash) {
    return { ok: false, reason: 'unexpected parts (user, port, query or fragment)' };
  }
  if (url.host !== 'task') return { ok: false, reason: `unknown link kind "${url.host}"` };
  const segment = url.pathname.replace(/^\//, '').replace(/\/$/, '');
  if (segment === '' || segment.includes('/')) {
    return { ok: false, reason: 'expected tasktray://task/<id>' };
  }
  let taskId: string;
  try {
    taskId = decodeURIComponent(segment);
  } catch {
    return { ok: false, reason: 'the task id is not valid percent-encoding' };
  }
  const colon = taskId.indexOf(':');
  const accountId = taskId.slice(0, colon);
  const vendorId = taskId.slice(colon + 1);
  if (
    colon < 1 ||
    taskId.length > MAX_TASK_ID ||
    !ACCOUNT_ID.test(accountId) ||
    vendorId === '' ||
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f\s/\\]/.test(vendorId)
  ) {
    return { ok: false, reason: 'the task id is not of the form <account>:<task>' };
  }
  return { ok: true, link: { kind: 'task', taskId } };
}

/** The first tasktray: argument (Windows and Linux pass the link on the command line). */
export function findDeepLinkArg(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) ?? null;
}

/** The part of Electron's `app` this uses. */
export interface DeepLinkApp {
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  on(
    event: 'open-url',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): unknown;
}

export interface DeepLinks {
  /** A second instance's argv: true when it carried a link (handled here, not "show the inbox"). */
  offer(argv: readonly string[]): boolean;
  /** Where links go once the shell runs; links that came earlier are delivered now. */
  deliverTo(open: (link: TaskLink) => void): void;
  /** A valid link came before the shell ran (the launch's own): it will open, not the inbox. */
  hasPending(): boolean;
}

/**
 * Registers the scheme and listens for links; call before `ready` (macOS sends the launch's link
 * as `open-url` that early). `defaultApp` is Electron's `process.defaultApp` (a development run,
 * where the OS must start electron with the app's path).
 */
export function listenForDeepLinks(deps: {
  app: DeepLinkApp;
  argv: readonly string[];
  defaultApp: boolean;
  logger: Pick<Logger, 'warn'>;
}): DeepLinks {
  const { app, argv } = deps;
  // Reviewed for Electronegativity: every link goes through parseDeepLink and can only open a popup.
  const [exe, appPath] = deps.defaultApp ? argv : [];
  if (exe !== undefined && appPath !== undefined) {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, exe, [resolve(appPath)]); // eng-disable PROTOCOL_HANDLER_JS_CHECK
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME); // eng-disable PROTOCOL_HANDLER_JS_CHECK
  }
  let deliver: ((link: TaskLink) => void) | null = null;
  const pending: TaskLink[] = [];
  const take = (raw: string) => {
    const parsed = parseDeepLink(raw);
    if (!parsed.ok) {
      deps.logger.warn('ignored a tasktray: link', { reason: parsed.reason });
      return;
    }
    if (deliver) deliver(parsed.link);
    else pending.push(parsed.link);
  };
  app.on('open-url', (event, url) => {
    event.preventDefault();
    take(url);
  });
  const first = findDeepLinkArg(argv.slice(1));
  if (first !== null) take(first);
  return {
    offer: (secondArgv) => {
      const raw = findDeepLinkArg(secondArgv.slice(1));
      if (raw === null) return false;
      take(raw);
      return true;
    },
    deliverTo: (open) => {
      deliver = open;
      for (const link of pending.splice(0)) open(link);
    },
    hasPending: () => pending.length > 0,
  };
}
