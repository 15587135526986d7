import {

  CommentCreate,
  CommentEnvelope,
  CommentPage,
  IdParams,
  PageQuery,
  PostCreate,
  PostEnvelope,
  PostUpdate,
  ReactionParams,
  ReactionsResponse,
  TopicEnvelope,
  TopicParams,
} from '@atrium/contract';
import { noContent, type RouteModule } from '../../http/api.js';
import { requireActor } from '../auth/actor.js';
import * as comments from './comments.service.js';
import * as posts from './posts.service.js';
import * as topics from './topics.service.js';

export const postsRoutes: RouteModule = (api, ctx) => {
  const tags = ['posts'];
  api.post('/posts', { schema: { tags, body: PostCreate, response: { 201: PostEnvelope } } }, async (req, reply) => {
    const post = await posts.createPost(ctx, requireActor(req), req.body);
    return reply.code(201).send({ post });
  });
  api.get('/posts/:id', { schema: { tags, params: IdParams, response: { 200: PostEnvelope } } }, async (req) => ({
    post: await posts.getPost(ctx, requireActor(req), req.params.id),
  }));
  api.patch('/posts/:id', { schema: { tags, params: IdParams, body: PostUpdate, response: { 200: PostEnvelope } } }, async (req) => ({
    post: await posts.updatePost(ctx, requireActor(req), req.params.id, req.body),
  }));
  api.delete('/posts/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await posts.deletePost(ctx, requireActor(req), req.params.id);
    return noContent(reply);
  });

  api.put('/posts/:id/reactions/:kind', { schema: { tags, params: ReactionParams, response: { 200: ReactionsResponse } } }, (req) =>
    posts.setReaction(ctx, requireActor(req), req.params.id, req.params.kind, true),
  );
  api.delete('/posts/:id/reactions/:kind', { schema: { tags, params: ReactionParams, response: { 200: ReactionsResponse } } }, (req) =>
    posts.setReaction(ctx, requireActor(req), req.params.id, req.params.kind, false),
  );

  const ctags = ['comments'];
  api.post('/posts/:id/comments', { schema: { tags: ctags, params: IdParams, body: CommentCreate, response: { 201: CommentEnvelope } } }, async (req, reply) => {
    const comment = await comments.addComment(ctx, requireActor(req), req.params.id, req.body);
    return reply.code(201).send({ comment });
  });
  api.get('/posts/:id/comments', { schema: { tags: ctags, params: IdParams, querystring: PageQuery, response: { 200: CommentPage } } }, (req) =>
    comments.listComments(ctx, requireActor(req), req.params.id, req.query),
  );
  api.patch('/comments/:id', { schema: { tags: ctags, params: IdParams, body: CommentCreate, response: { 200: CommentEnvelope } } }, async (req) => ({
    comment: await comments.updateComment(ctx, requireActor(req), req.params.id, req.body),
  }));
  api.delete('/comments/:id', { schema: { tags: ctags, params: IdParams } }, async (req, reply) => {
    await comments.deleteComment(ctx, requireActor(req), req.params.id);
    return noContent(reply);
  });

  const ttags = ['topics'];
  api.get('/topics/:name', { schema: { tags: ttags, params: TopicParams, response: { 200: TopicEnvelope } } }, async (req) => ({
    topic: await topics.getTopic(ctx, requireActor(req), req.params.name),
  }));
  api.post('/topics/:name/follow', { schema: { tags: ttags, params: TopicParams, response: { 200: TopicEnvelope } } }, async (req) => ({
    topic: await topics.setTopicFollow(ctx, requireActor(req), req.params.name, true),
  }));
  api.delete('/topics/:name/follow', { schema: { tags: ttags, params: TopicParams, response: { 200: TopicEnvelope } } }, async (req) => ({
    topic: await topics.setTopicFollow(ctx, requireActor(req), req.params.name, false),
  }));
};
