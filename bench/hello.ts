/**
 * The machine's ceiling for a Node HTTP server: a bare Fastify hello-world, measured by
 * `npm run bench` with the same autocannon settings as every scenario, in the same run; and
 * the same app sending a fixed body of a given size (`/bytes/:n`).
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
// The same ceiling for a body of a feed page's size: what the bytes alone cost on this machine.
const bodies = new Map<number, Buffer>();
app.get<{ Params: { n: string } }>('/bytes/:n', async (req, reply) => {
  const n = Math.min(1_000_000, Math.max(16, Number(req.params.n) || 16));
  let body = bodies.get(n);
  if (!body) bodies.set(n, (body = Buffer.from(`{"pad":"${'x'.repeat(n - 10)}"}`)));
  return reply.type('application/json; charset=utf-8').send(body);
});
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
await app.listen({ port: Number(process.env.PORT ?? 3001), host: process.env.HOST ?? '127.0.0.1' });
