import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';

/** The Fastify instance routes register on: zod schemas type requests and responses. */
export type Api = FastifyInstance<any, any, any, any, ZodTypeProvider>;

/** A feature's routes: `register(api, ctx)` under the `/api/v1` prefix. */
export type RouteModule = (api: Api, ctx: AppContext) => void;

export const noContent = (reply: FastifyReply) => reply.code(204).send();
