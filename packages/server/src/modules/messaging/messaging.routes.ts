import {
  ConversationCreate,
  ConversationEnvelope,
  ConversationPage,
  IdParams,
  MessageCreate,
  MessageEnvelope,
  MessagePage,
  MessageParams,
  MessageUpdate,
  PageQuery,
  ReadMark,
} from '@atrium/contract';
import { noContent, type RouteModule } from '../../http/api.js';
import { requireActor } from '../auth/actor.js';
import * as messaging from './conversations.service.js';

export const messagingRoutes: RouteModule = (api, ctx) => {
  const tags = ['messaging'];
  api.post('/conversations', { schema: { tags, body: ConversationCreate, response: { 200: ConversationEnvelope, 201: ConversationEnvelope } } }, async (req, reply) => {
    const { conversation, created } = await messaging.startConversation(ctx, requireActor(req), req.body);
    return reply.code(created ? 201 : 200).send({ conversation });
  });
  api.get('/conversations', { schema: { tags, querystring: PageQuery, response: { 200: ConversationPage } } }, (req) =>
    messaging.listConversations(ctx, requireActor(req), req.query),
  );
  api.get('/conversations/:id', { schema: { tags, params: IdParams, response: { 200: ConversationEnvelope } } }, async (req) => ({
    conversation: await messaging.getConversation(ctx, requireActor(req), req.params.id),
  }));
  api.get('/conversations/:id/messages', { schema: { tags, params: IdParams, querystring: PageQuery, response: { 200: MessagePage } } }, (req) =>
    messaging.listMessages(ctx, requireActor(req), req.params.id, req.query),
  );
  api.post(
    '/conversations/:id/messages',
    { schema: { tags, params: IdParams, body: MessageCreate, response: { 200: MessageEnvelope, 201: MessageEnvelope } } },
    async (req, reply) => {
      const { message, created } = await messaging.sendMessage(ctx, requireActor(req), req.params.id, req.body);
      return reply.code(created ? 201 : 200).send({ message });
    },
  );
  api.patch('/conversations/:id/messages/:messageId', { schema: { tags, params: MessageParams, body: MessageUpdate, response: { 200: MessageEnvelope } } }, async (req) => ({
    message: await messaging.editMessage(ctx, requireActor(req), req.params.id, req.params.messageId, req.body),
  }));
  api.delete('/conversations/:id/messages/:messageId', { schema: { tags, params: MessageParams } }, async (req, reply) => {
    await messaging.deleteMessage(ctx, requireActor(req), req.params.id, req.params.messageId);
    return noContent(reply);
  });
  api.post('/conversations/:id/read', { schema: { tags, params: IdParams, body: ReadMark, response: { 200: ConversationEnvelope } } }, async (req) => ({
    conversation: await messaging.markRead(ctx, requireActor(req), req.params.id, req.body),
  }));
  api.get('/groups/:id/chat', { schema: { tags, params: IdParams, response: { 200: ConversationEnvelope } } }, async (req) => ({
    conversation: await messaging.groupChat(ctx, requireActor(req), req.params.id),
  }));
};
