import { IdParams, PageQuery, Post, PostPage, TopicParams } from '@atrium/contract';
import { z } from 'zod';
import type { RouteModule } from '../http/api.js';
import { sendJson } from '../http/raw-json.js';
import { requireActor } from '../modules/auth/actor.js';
import { activeAnnouncements, dismissAnnouncement, groupFeed, homeFeed, topicFeed, wall } from './feed.service.js';

export const feedRoutes: RouteModule = (api, ctx) => {
  const tags = ['feed'];
  api.get('/feed', { schema: { tags, querystring: PageQuery, response: { 200: PostPage } } }, async (req, reply) =>
    sendJson(reply, await homeFeed(ctx, requireActor(req), req.query)),
  );
  api.get('/users/:id/posts', { schema: { tags, params: IdParams, querystring: PageQuery, response: { 200: PostPage } } }, (req) =>
    wall(ctx, requireActor(req), req.params.id, req.query),
  );
  api.get('/groups/:id/posts', { schema: { tags, params: IdParams, querystring: PageQuery, response: { 200: PostPage } } }, async (req, reply) =>
    sendJson(reply, await groupFeed(ctx, requireActor(req), req.params.id, req.query)),
  );
  api.get('/announcements', { schema: { tags, response: { 200: z.object({ items: z.array(Post) }) } } }, (req) =>
    activeAnnouncements(ctx, requireActor(req)),
  );
  api.post('/announcements/:id/dismiss', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await dismissAnnouncement(ctx, requireActor(req), req.params.id);
    return reply.code(204).send();
  });
  api.get('/topics/:name/posts', { schema: { tags, params: TopicParams, querystring: PageQuery, response: { 200: PostPage } } }, (req) =>
    topicFeed(ctx, requireActor(req), req.params.name, req.query),
  );
};
