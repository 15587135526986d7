import type { FastifyRequest } from 'fastify';
import { unauthenticated } from '../../lib/errors.js';

/** Whose eyes a read is made for: enough of a person for the visibility rules. */
export interface Viewer {
  id: string;
  role: 'admin' | 'member';
  kind: 'member' | 'guest';
}

/** Who is acting: the authenticated person, as every service and policy sees him. */
export interface Actor extends Viewer {
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
