import { Health, LoginRequest, MeResponse, PasswordChange, SessionResponse, SetupRequest, SetupStatus } from '@atrium/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { noContent, type RouteModule } from '../../http/api.js';
import { SESSION_COOKIE } from '../../http/authentication.js';
import { requireActor } from './actor.js';
import * as auth from './auth.service.js';

export function setSessionCookie(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https' || (ctx.config.publicUrl?.startsWith('https://') ?? false),
    maxAge: ctx.config.sessionDays * 86_400,
  });
}

export const authRoutes: RouteModule = (api, ctx) => {
  api.get('/health', { config: { public: true }, schema: { tags: ['system'], response: { 200: Health } } }, async () => {
    await auth.health(ctx);
    return { status: 'ok' as const };
  });

  api.get('/setup', { config: { public: true }, schema: { tags: ['setup'], response: { 200: SetupStatus } } }, () => auth.setupNeeded(ctx));

  api.post('/setup', { config: { public: true }, schema: { tags: ['setup'], body: SetupRequest, response: { 201: SessionResponse } } }, async (req, reply) => {
    const session = await auth.setup(ctx, req.body);
    setSessionCookie(ctx, req, reply, session.token);
    return reply.code(201).send(session);
  });

  api.post('/auth/login', { config: { public: true }, schema: { tags: ['auth'], body: LoginRequest, response: { 200: SessionResponse } } }, async (req, reply) => {
    const session = await auth.login(ctx, req.body, req.ip);
    setSessionCookie(ctx, req, reply, session.token);
    return session;
  });

  api.post('/auth/logout', { schema: { tags: ['auth'] } }, async (req, reply) => {
    await auth.logout(ctx, requireActor(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return noContent(reply);
  });

  api.post('/auth/password', { schema: { tags: ['auth'], body: PasswordChange } }, async (req, reply) => {
    await auth.changePassword(ctx, requireActor(req), req.body, req.ip);
    return noContent(reply);
  });

  api.get('/me', { schema: { tags: ['auth'], response: { 200: MeResponse } } }, (req) => auth.me(ctx, requireActor(req)));
};
