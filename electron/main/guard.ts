// Locks every webContents down as it is created: no navigation away from our pages, no new
// windows, no <webview>; https links a page asks to open go to the user's browser instead.
import type { WebContents } from 'electron';
import { isAllowedNavigation, isExternalLinkAllowed } from './security';

type Guarded = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function guardWebContents(
  contents: Guarded,
  appOrigin: string,
  openExternal: (url: string) => void,
): void {
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url, appOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) openExternal(url);
    return { action: 'deny' };
  });
}
