// `npm run dev:web`: the built renderer with the real engine and the demo simulator behind it.
import { fileURLToPath } from 'node:url';
import { consoleLogger } from '../core/logger';
import { startWebHost } from './host';

const port = Number(process.env.TASKTRAY_WEB_PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`TASKTRAY_WEB_PORT must be a port number, not ${process.env.TASKTRAY_WEB_PORT}`);
  process.exit(2);
}
const host = await startWebHost({
  rendererDir: fileURLToPath(new URL('../../out/renderer-web', import.meta.url)),
  port,
  logger: consoleLogger('info'),
});
console.log(`Tasktray web host: ${host.url}`);
const stop = () => {
  host.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('Tasktray web host: could not stop cleanly', error);
      process.exit(1);
    },
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
