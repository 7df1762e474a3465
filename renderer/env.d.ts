// The preload's API (Electron); absent in the browser test host, where transport/http.ts serves.
import type { TasktrayApi } from '../shared/ipc';

declare global {
  interface Window {
    tasktray?: TasktrayApi;
    /** The event stream public/early.js opened before the bundle ran (browser host only). */
    tasktrayEarlyStream?: { url: string; response: Promise<Response> };
  }
}

declare module '*.css';

// Element Timing (https://wicg.github.io/element-timing/): Chromium reports the paint of an element
// that carries this attribute; React passes it through, its types do not list it.
declare module 'react' {
  // The merged interface must repeat React's type parameter, which this addition does not use.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface HTMLAttributes<T> {
    elementtiming?: string;
  }
}
