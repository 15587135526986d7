import { GroupInvitationCreate, GroupInvitationEnvelope, IdParams, InvitationAccept, InvitationEnvelope, InvitationToken, SessionResponse } from '@atrium/contract';
import { z } from 'zod';
import type { RouteModule } from '../../http/api.js';
import { setSessionCookie } from '../auth/auth.routes.js';
import { requireActor } from '../auth/actor.js';
import * as invitations from './invitations.service.js';

export const invitationsRoutes: RouteModule = (api, ctx) => {
  const tags = ['invitations'];
  api.get('/invitations/:token', { config: { public: true }, schema: { tags, params: InvitationToken, response: { 200: InvitationEnvelope } } }, async (req) => ({
    invitation: await invitations.describeInvitation(ctx, req.params.token, req.ip),
  }));

  api.post(
    '/invitations/:token/accept',
    { config: { public: true }, schema: { tags, params: InvitationToken, body: InvitationAccept, response: { 201: SessionResponse } } },
    async (req, reply) => {
      const session = await invitations.acceptInvitation(ctx, req.params.token, req.body, req.ip);
      setSessionCookie(ctx, req, reply, session.token);
      return reply.code(201).send(session);
    },
  );

  api.post(
    '/groups/:id/invitations',
    { schema: { tags, params: IdParams, body: GroupInvitationCreate, response: { 201: GroupInvitationEnvelope } } },
    async (req, reply) => reply.code(201).send({ invitation: await invitations.inviteGuest(ctx, requireActor(req), req.params.id, req.body) }),
  );

  api.post(
    '/users/:id/invitation',
    { schema: { tags, params: IdParams, response: { 201: z.object({ invitation: z.object({ expiresAt: z.string() }) }) } } },
    async (req, reply) => reply.code(201).send({ invitation: await invitations.resendMemberInvitation(ctx, requireActor(req), req.params.id) }),
  );
};
