import {
  DirectoryQuery,
  IdParams,
  OrgChart,
  PageQuery,
  UserCreate,
  UserEnvelope,
  UserPage,
  UserSummary,
  UserSummaryPage,
  UserUpdate,
} from '@atrium/contract';
import { z } from 'zod';
import { readFileField } from '../../http/uploads.js';
import type { RouteModule } from '../../http/api.js';
import { requireActor } from '../auth/actor.js';
import { getAvatar, setAvatar } from './avatar.service.js';
import * as people from './users.service.js';

const tags = ['people'];

export const peopleRoutes: RouteModule = (api, ctx) => {
  api.post('/users', { schema: { tags, body: UserCreate, response: { 201: UserEnvelope } } }, async (req, reply) => {
    const user = await people.createUser(ctx, requireActor(req), req.body);
    return reply.code(201).send({ user });
  });

  api.get('/users', { schema: { tags, querystring: DirectoryQuery, response: { 200: UserPage } } }, (req) =>
    people.directory(ctx, requireActor(req), req.query),
  );

  api.get('/users/:id', { schema: { tags, params: IdParams, response: { 200: UserEnvelope } } }, async (req) => ({
    user: await people.getUser(ctx, requireActor(req), req.params.id),
  }));

  api.patch('/users/:id', { schema: { tags, params: IdParams, body: UserUpdate, response: { 200: UserEnvelope } } }, async (req) => ({
    user: await people.updateUserProfile(ctx, requireActor(req), req.params.id, req.body),
  }));

  api.put(
    '/users/:id/avatar',
    { schema: { tags, params: IdParams, consumes: ['multipart/form-data'], response: { 200: UserEnvelope } } },
    async (req) => {
      const actor = requireActor(req);
      return { user: await setAvatar(ctx, actor, req.params.id, await readFileField(req)) };
    },
  );

  api.get('/users/:id/avatar', { schema: { tags, params: IdParams } }, async (req, reply) => {
    const data = await getAvatar(ctx, requireActor(req), req.params.id);
    // The URL carries the image's hash, so a private cache may keep it.
    return reply.header('cache-control', 'private, max-age=86400').type('image/webp').send(data);
  });

  for (const which of ['followers', 'following'] as const) {
    api.get(`/users/:id/${which}`, { schema: { tags, params: IdParams, querystring: PageQuery, response: { 200: UserSummaryPage } } }, (req) =>
      people.followList(ctx, requireActor(req), req.params.id, which, req.query),
    );
  }

  api.post('/users/:id/follow', { schema: { tags, params: IdParams, response: { 200: UserEnvelope } } }, async (req) => ({
    user: await people.setFollow(ctx, requireActor(req), req.params.id, true),
  }));
  api.delete('/users/:id/follow', { schema: { tags, params: IdParams, response: { 200: UserEnvelope } } }, async (req) => ({
    user: await people.setFollow(ctx, requireActor(req), req.params.id, false),
  }));

  api.get('/users/:id/reports', { schema: { tags, params: IdParams, response: { 200: z.object({ items: z.array(UserSummary) }) } } }, (req) =>
    people.reports(ctx, requireActor(req), req.params.id),
  );

  api.get('/orgchart', { schema: { tags, response: { 200: OrgChart } } }, (req) => people.orgChart(ctx, requireActor(req)));
};
