import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { LIMITS } from '@atrium/contract';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import { installAuthentication } from './http/authentication.js';
import { frameworkErrors, installErrorHandling } from './http/errors.js';
import { installInputGuard } from './http/input.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { peopleRoutes } from './modules/people/users.routes.js';
import { postsRoutes } from './modules/posts/posts.routes.js';
import { feedRoutes } from './feed/feed.routes.js';
import { invitationsRoutes } from './modules/invitations/invitations.routes.js';
import { groupsRoutes } from './modules/groups/groups.routes.js';
import { adminRoutes } from './modules/admin/admin.routes.js';
import { messagingRoutes } from './modules/messaging/messaging.routes.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import websocket from '@fastify/websocket';
import { streamRoutes } from './realtime/gateway.js';

export interface BuildOptions {
  logger?: boolean;
}

/** The whole HTTP app without listen(): main.ts serves it, tests inject into it. */
export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: ctx.log as unknown as FastifyBaseLogger } : { logger: false }),
    bodyLimit: LIMITS.jsonBodyBytes,
    trustProxy: ctx.config.trustProxy,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    frameworkErrors,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installInputGuard(app);

  await app.register(cookie);
  // Security headers on every answer. helmet() is built once here; @fastify/helmet rebuilt it
  // (parsing every CSP directive) on each request, a few percent of a feed request's CPU.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // Cross-origin isolation headers break nothing we serve, but HSTS belongs to the TLS proxy.
    hsts: false,
  });
  app.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));

  await app.register(multipart, {
    limits: { fileSize: LIMITS.avatarBytes, files: 1, fields: 5, parts: 6, headerPairs: 50 },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Atrium API', version: '1', description: 'The public REST contract of Atrium (see API.md).' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'atrium_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  // Client frames are small JSON (typing, presence subscriptions): anything larger is refused.
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  installAuthentication(app, ctx);

  await app.register(
    async (api) => {
      const typed = api.withTypeProvider<ZodTypeProvider>();
      for (const routes of [authRoutes, peopleRoutes, postsRoutes, feedRoutes, invitationsRoutes, groupsRoutes, adminRoutes, messagingRoutes, notificationsRoutes]) routes(typed, ctx);
      streamRoutes(api, ctx);
      typed.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api/v1' },
  );

  serveWebClient(app, ctx.config.webDir);
  return app;
}

/**
 * The built React app at `/`; any other path that is not the API gets index.html (client routing).
 * index.html is read per request (it is small), so a rebuilt client is served without a restart.
 */
function serveWebClient(app: FastifyInstance, webDir: string | null) {
  if (!webDir || !fs.existsSync(path.join(webDir, 'index.html'))) return;
  app.register(fastifyStatic, { root: webDir, serve: false });
  const sendIndex = async (reply: FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(await fs.promises.readFile(path.join(webDir, 'index.html')));
  // Public: the page itself holds no data; /api paths that reach here end as the API's 404.
  app.get('/*', { config: { public: true } }, async (req, reply) => {
    const rel = (req.params as { '*': string })['*'];
    if (rel.startsWith('api/')) return reply.callNotFound();
    const file = path.join(webDir, rel);
    const inside = file.startsWith(webDir + path.sep) && !rel.split('/').includes('..');
    if (rel && inside && fs.existsSync(file) && fs.statSync(file).isFile() && rel !== 'index.html') {
      // Hashed asset names never change content: cache them for a year.
      return rel.startsWith('assets/') ? reply.sendFile(rel, { maxAge: '365d', immutable: true }) : reply.sendFile(rel, { maxAge: 0 });
    }
    if (rel.startsWith('assets/')) return reply.callNotFound();
    return sendIndex(reply);
  });
}
