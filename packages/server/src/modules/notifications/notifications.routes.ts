import { NotificationPage, NotificationsQuery, NotificationsRead, NotificationsUnread } from '@atrium/contract';
import type { RouteModule } from '../../http/api.js';
import { requireActor } from '../auth/actor.js';
import * as notifications from './notifications.service.js';

export const notificationsRoutes: RouteModule = (api, ctx) => {
  const tags = ['notifications'];
  api.get('/notifications', { schema: { tags, querystring: NotificationsQuery, response: { 200: NotificationPage } } }, (req) =>
    notifications.listNotifications(ctx, requireActor(req), req.query),
  );
  api.get('/notifications/unread', { schema: { tags, response: { 200: NotificationsUnread } } }, async (req) => ({
    unread: await notifications.unreadCount(ctx.db, requireActor(req)),
  }));
  api.post('/notifications/read', { schema: { tags, body: NotificationsRead, response: { 200: NotificationsUnread } } }, (req) =>
    notifications.markRead(ctx, requireActor(req), req.body),
  );
};
