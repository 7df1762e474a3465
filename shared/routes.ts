// The windows' views by URL hash — #/inbox[/<taskId>], #/popup/<taskId>, #/settings, #/accounts —
// shared by main (which opens windows on them) and the renderer (which reads them).

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
