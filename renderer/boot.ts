// The first module the window runs (main.tsx imports it before React): the connection to the app
// and the first read of its state start here, so the state is on its way while the rest of the
// bundle is still being evaluated and React mounts.
import { getApi } from './api';
import { connectStore } from './state/app-store';

// Marks for the benchmark's account of a load (bench/renderer.bench.ts): when the JS ran.
performance.mark('tasktray:boot');

/** Why the window could not connect (no preload and no token), for main.tsx to show. */
export let bootError: unknown = null;

try {
  connectStore(getApi());
} catch (error) {
  bootError = error;
}
