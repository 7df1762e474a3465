// The engine host in a Node process of its own, as Electron's utilityProcess runs it in the app:
// the bench's parent plays main. Node's fetch stands in for Chromium's network stack. The host's
// own longest stall is measured here too, between the parent's 'bench:start' and 'bench:stall'.
import { serveEngineHost } from '../electron/host/engine-host';
import { stallMeter } from './stall-meter';

let meter: ReturnType<typeof stallMeter> | null = null;
process.on('message', (message: unknown) => {
  if (message === 'bench:start') meter = stallMeter();
  if (message === 'bench:stall') process.send?.({ benchStall: meter?.stop() ?? null });
});
serveEngineHost({
  link: {
    post: (message) => process.send?.(message),
    listen: (listener) => process.on('message', listener),
  },
  fetch: (input, init) => fetch(input, init),
}).catch((error: unknown) => {
  console.error('the engine host could not start', error);
  process.exit(1);
});
