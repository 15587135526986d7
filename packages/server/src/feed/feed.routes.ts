import { IdParams, PageQuery, PostPage, TopicParams } from '@atrium/contract';
import type { RouteModule } from '../http/api.js';
import { requireActor } from '../modules/auth/actor.js';
import { homeFeed, topicFeed, wall } from './feed.service.js';

export const feedRoutes: RouteModule = (api, ctx) => {
  const tags = ['feed'];
  api.get('/feed', { schema: { tags, querystring: PageQuery, response: { 200: PostPage } } }, (req) =>
    homeFeed(ctx, requireActor(req), req.query),
  );
  api.get('/users/:id/posts', { schema: { tags, params: IdParams, querystring: PageQuery, response: { 200: PostPage } } }, (req) =>
    wall(ctx, requireActor(req), req.params.id, req.query),
  );
  api.get('/topics/:name/posts', { schema: { tags, params: TopicParams, querystring: PageQuery, response: { 200: PostPage } } }, (req) =>
    topicFeed(ctx, requireActor(req), req.params.name, req.query),
  );
};
