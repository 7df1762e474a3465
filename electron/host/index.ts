// The engine host's entry in Electron's utilityProcess (out/main/engine-host.js): Chromium's
// network stack for the vendors, and main on the other end of process.parentPort.
import { net } from 'electron';
import { chromiumFetch } from './chromium-fetch';
import { serveEngineHost } from './engine-host';

const port = process.parentPort;
serveEngineHost({
  link: {
    post: (message) => port.postMessage(message),
    listen: (listener) => port.on('message', (event) => listener(event.data)),
  },
  fetch: chromiumFetch((options) => net.request(options)),
}).catch((error: unknown) => {
  console.error('The Tasktray engine could not start:', error);
  process.exit(1);
});
