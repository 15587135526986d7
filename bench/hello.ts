/**
 * The machine's ceiling for a Node HTTP server: a bare Fastify hello-world, measured by
 * `npm run bench` with the same autocannon settings as every scenario, in the same run.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
await app.listen({ port: Number(process.env.PORT ?? 3001), host: process.env.HOST ?? '127.0.0.1' });
