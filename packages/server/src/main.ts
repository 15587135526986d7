import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { createContext } from './context.js';

const config = loadConfig();
const ctx = await createContext(config);
const app = await buildApp(ctx, { logger: true });

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down');
  await app.close();
  await ctx.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

await app.listen({ port: config.port, host: config.host });
const where = config.databaseUrl.startsWith('sqlite:') ? `SQLite in ${config.dataDir}` : 'PostgreSQL';
app.log.info(`Atrium is running on http://localhost:${config.port} (${where})`);
