import type { FastifyRequest } from 'fastify';
import { unauthenticated } from '../../lib/errors.js';

/** Who is acting: the authenticated person, as every service and policy sees him. */
export interface Actor {
  id: string;
  role: 'admin' | 'member';
  kind: 'member' | 'guest';
  sessionId: string;
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthenticated();
  return req.actor;
}
