// `npm run web -- [--port n] [--data-dir dir] [--host 127.0.0.1] [--allow-remote]`: the till in a browser on loopback.
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { openTill } from '../service/open-till';
import { defaultDataDir } from '../service/paths';
import { startWebHost } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.TILL_PORT ?? '8420' },
    'data-dir': { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'allow-remote': { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, got "${values.port}"`);
  process.exit(2);
}
const dataDir = values['data-dir'] ?? defaultDataDir();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

try {
  const service = await openTill({ dataDir });
  const host = await startWebHost({
    service,
    port,
    host: values.host,
    allowNonLoopback: values['allow-remote'],
    staticDir: join(root, 'dist', 'renderer'),
  });
  console.log(`till web host listening on ${host.url}`);
  console.log(`data directory: ${dataDir}`);
  const shutdown = async () => {
    await host.close();
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (err) {
  const e = err as Error & { code?: string };
  console.error(`The till could not start: ${e.message}`);
  if (e.code === 'DB_CORRUPT') console.error('The ledger file is damaged. Do not delete it: copy it aside and call support (npm run cli -- db check).');
  process.exit(1);
}
