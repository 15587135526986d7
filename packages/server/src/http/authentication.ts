import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError, unauthenticated } from '../lib/errors.js';
import { authenticate } from '../modules/auth/auth.service.js';

export const SESSION_COOKIE = 'atrium_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answers without a session. Every other API route is 401 to anonymous callers. */
    public?: boolean;
  }
}

/**
 * Resolves the actor of every API request from a bearer token or the session cookie.
 * Deny by default (SECURITY.md #7): a route answers anonymous callers only when it is marked
 * `config: { public: true }`; the rest are 401 before their body is even parsed or validated.
 * Cookie-authenticated writes must carry the CSRF token (SECURITY.md #25); bearer requests
 * cannot be forged by a browser and need none. Authenticated answers are never cached (#26).
 */
export function installAuthentication(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    reply.header('cache-control', 'no-store');
    const bearer = bearerToken(req);
    const cookieToken = bearer ? null : req.cookies[SESSION_COOKIE];
    const token = bearer ?? cookieToken;
    const actor = token && token.length <= 200 ? await authenticate(ctx, token) : null;
    if (!actor) {
      // Unknown routes fall through to the JSON 404.
      if (!req.is404 && req.routeOptions.config.public !== true) throw unauthenticated();
      return;
    }
    if (cookieToken && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, actor.csrfToken)) {
        throw new AppError(403, 'forbidden', 'Missing or wrong X-CSRF-Token header');
      }
    }
    req.actor = actor;
  });
}
