import { GuestPage, IdParams, PageQuery } from '@atrium/contract';
import { noContent, type RouteModule } from '../../http/api.js';
import { requireActor } from '../auth/actor.js';
import { listGuests, removeGuest } from './guests.service.js';

export const adminRoutes: RouteModule = (api, ctx) => {
  const tags = ['admin'];
  api.get('/admin/guests', { schema: { tags, querystring: PageQuery, response: { 200: GuestPage } } }, (req) =>
    listGuests(ctx, requireActor(req), req.query),
  );
  api.delete('/admin/guests/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await removeGuest(ctx, requireActor(req), req.params.id);
    return noContent(reply);
  });
};
