import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError } from '../lib/errors.js';
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

/**
 * Resolves the actor of every API request from a bearer token or the session cookie.
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
    if (!token || token.length > 200) return;
    const actor = await authenticate(ctx, token);
    if (!actor) return;
    if (cookieToken && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, actor.csrfToken)) {
        throw new AppError(403, 'forbidden', 'Missing or wrong X-CSRF-Token header');
      }
    }
    req.actor = actor;
  });
}
