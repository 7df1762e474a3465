// Which view this window shows, from the URL hash: #/inbox, #/popup/<taskId>, #/settings, #/accounts.
import { useSyncExternalStore } from 'react';
import { routeHash, type Route } from '../../shared/routes';

export { parseRoute, routeHash, type Route } from '../../shared/routes';

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
