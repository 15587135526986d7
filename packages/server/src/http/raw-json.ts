import type { FastifyReply } from 'fastify';

/**
 * A response body that is already JSON, assembled from cached serialized parts (the feed). Routes
 * send it as is; it was built from the same presenters as the schema-serialized answers, and a test
 * compares the two.
 */
export class RawJson {
  constructor(readonly json: Buffer) {}
}

/** Send `result` as JSON: a RawJson as it is, anything else through the route's response schema. */
export function sendJson<T>(reply: FastifyReply, result: T | RawJson) {
  if (result instanceof RawJson) return reply.type('application/json; charset=utf-8').send(result.json);
  return result;
}
