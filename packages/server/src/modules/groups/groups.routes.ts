import {
  GroupCreate,
  GroupEnvelope,
  GroupMemberAdd,
  GroupMemberEnvelope,
  GroupMemberPage,
  GroupMemberParams,
  GroupMemberUpdate,
  GroupPage,
  GroupQuery,
  GroupUpdate,
  IdParams,
  JoinRequestPage,
  JoinResponse,
  PageQuery,
} from '@atrium/contract';
import { z } from 'zod';
import { noContent, type RouteModule } from '../../http/api.js';
import { readFileField } from '../../http/uploads.js';
import { requireActor } from '../auth/actor.js';
import * as groups from './groups.service.js';
import * as members from './members.service.js';

export const groupsRoutes: RouteModule = (api, ctx) => {
  const tags = ['groups'];
  api.post('/groups', { schema: { tags, body: GroupCreate, response: { 201: GroupEnvelope } } }, async (req, reply) => {
    const group = await groups.createGroup(ctx, requireActor(req), req.body);
    return reply.code(201).send({ group });
  });
  api.get('/groups', { schema: { tags, querystring: GroupQuery, response: { 200: GroupPage } } }, (req) =>
    groups.listGroups(ctx, requireActor(req), req.query),
  );
  api.get('/groups/:id', { schema: { tags, params: IdParams, response: { 200: GroupEnvelope } } }, async (req) => ({
    group: await groups.getGroup(ctx, requireActor(req), req.params.id),
  }));
  api.patch('/groups/:id', { schema: { tags, params: IdParams, body: GroupUpdate, response: { 200: GroupEnvelope } } }, async (req) => ({
    group: await groups.updateGroupSettings(ctx, requireActor(req), req.params.id, req.body),
  }));

  api.put(
    '/groups/:id/photo',
    { schema: { tags, params: IdParams, consumes: ['multipart/form-data'], response: { 200: GroupEnvelope } } },
    async (req) => {
      const actor = requireActor(req);
      return { group: await groups.setGroupPhoto(ctx, actor, req.params.id, await readFileField(req)) };
    },
  );
  api.get('/groups/:id/photo', { schema: { tags, params: IdParams } }, async (req, reply) => {
    const data = await groups.getGroupPhoto(ctx, requireActor(req), req.params.id);
    return reply.header('cache-control', 'private, max-age=86400').type('image/webp').send(data);
  });

  api.get('/groups/:id/members', { schema: { tags, params: IdParams, querystring: PageQuery, response: { 200: GroupMemberPage } } }, (req) =>
    members.listMembers(ctx, requireActor(req), req.params.id, req.query),
  );
  api.post('/groups/:id/members', { schema: { tags, params: IdParams, body: GroupMemberAdd, response: { 201: GroupMemberEnvelope } } }, async (req, reply) => {
    const member = await members.addMember(ctx, requireActor(req), req.params.id, req.body);
    return reply.code(201).send({ member });
  });
  api.patch(
    '/groups/:id/members/:userId',
    { schema: { tags, params: GroupMemberParams, body: GroupMemberUpdate, response: { 200: GroupMemberEnvelope } } },
    async (req) => ({ member: await members.changeRole(ctx, requireActor(req), req.params.id, req.params.userId, req.body.role) }),
  );
  api.delete('/groups/:id/members/:userId', { schema: { tags, params: GroupMemberParams } }, async (req, reply) => {
    await members.removeMember(ctx, requireActor(req), req.params.id, req.params.userId);
    return noContent(reply);
  });

  api.post('/groups/:id/join', { schema: { tags, params: IdParams, response: { 200: JoinResponse } } }, (req) =>
    members.join(ctx, requireActor(req), req.params.id),
  );
  api.get('/groups/:id/requests', { schema: { tags, params: IdParams, querystring: PageQuery, response: { 200: JoinRequestPage } } }, (req) =>
    members.listRequests(ctx, requireActor(req), req.params.id, req.query),
  );
  for (const verdict of ['approve', 'decline'] as const) {
    api.post(
      `/groups/:id/requests/:userId/${verdict}`,
      { schema: { tags, params: GroupMemberParams, response: { 200: z.object({ status: z.enum(['approved', 'declined']) }) } } },
      (req) => members.answerRequest(ctx, requireActor(req), req.params.id, req.params.userId, verdict === 'approve'),
    );
  }
};
