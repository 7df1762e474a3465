// The preload's API (Electron); absent in the browser test host, where transport/http.ts serves.
import type { TasktrayApi } from '../shared/ipc';

declare global {
  interface Window {
    tasktray?: TasktrayApi;
  }
}

declare module '*.css';
