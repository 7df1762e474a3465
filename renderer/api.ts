// The one TasktrayApi this window uses: the preload's in Electron, else the web host's over HTTP.
import type { TasktrayApi } from '../shared/ipc';
import { httpTransport } from './transport/http-transport';

let api: TasktrayApi | null = null;

export function getApi(): TasktrayApi {
  if (api) return api;
  if (window.tasktray) {
    api = window.tasktray;
    return api;
  }
  const token = new URLSearchParams(window.location.search).get('token');
  if (!token) {
    throw new Error(
      'No Tasktray connection: open this page from the app, or with the ?token=… URL the web host printed.',
    );
  }
  api = httpTransport(token);
  return api;
}
