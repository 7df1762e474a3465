// Which view this window shows, from the URL hash: #/inbox, #/popup/<taskId>, #/settings, #/accounts.
import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'inbox'; taskId: string | null }
  | { name: 'popup'; taskId: string }
  | { name: 'accounts' }
  | { name: 'settings' };

export function parseRoute(hash: string): Route {
  const [, name = '', rest = ''] = /^#\/([^/]*)\/?(.*)$/.exec(hash) ?? [];
  const id = rest === '' ? null : safeDecode(rest);
  if (name === 'popup' && id) return { name: 'popup', taskId: id };
  if (name === 'accounts') return { name: 'accounts' };
  if (name === 'settings') return { name: 'settings' };
  return { name: 'inbox', taskId: id };
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

export function routeHash(route: Route): string {
  switch (route.name) {
    case 'popup':
      return `#/popup/${encodeURIComponent(route.taskId)}`;
    case 'inbox':
      return route.taskId ? `#/inbox/${encodeURIComponent(route.taskId)}` : '#/inbox';
    default:
      return `#/${route.name}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHash(route);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
