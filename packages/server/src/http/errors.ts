import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../lib/errors.js';

type Body = { error: { code: string; message: string; details?: Record<string, unknown> } };
const body = (code: string, message: string, details?: Record<string, unknown>): Body => ({
  error: details ? { code, message, details } : { code, message },
});

/** Fastify's own error codes, mapped onto the contract's. */
const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'The request body is too large'],
  FST_REQ_FILE_TOO_LARGE: [413, 'payload_too_large', 'The file is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Unsupported content type'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'bad_request', 'Malformed JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'bad_request', 'Empty JSON body'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_request', 'Invalid content length'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'unsupported_media_type', 'Expected multipart/form-data'],
  FST_PARTS_LIMIT: [413, 'payload_too_large', 'Too many parts'],
  FST_FILES_LIMIT: [413, 'payload_too_large', 'Too many files'],
  FST_PROTO_VIOLATION: [400, 'bad_request', 'Prototype poisoning attempt refused'],
};

/**
 * Errors Fastify raises before routing, in the contract's shape (its own default is a different
 * JSON): a malformed percent-encoding, or a path segment over the router's maxParamLength (no id,
 * token or name is that long). Passed as the `frameworkErrors` option of the Fastify factory.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_BAD_URL') {
    void reply.code(400).send(body('bad_request', 'Malformed URL'));
  } else if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.code(400).send(body('bad_request', 'A part of the URL is too long'));
  } else {
    req.log.error({ err }, 'unhandled framework error');
    void reply.code(500).send(body('internal', 'Something went wrong on our side'));
  }
}

/** Every error leaves as `{"error": {code, message, details?}}`; only our own bugs are 500s. */
export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      if (err.headers) reply.headers(err.headers);
      return reply.code(err.status).send(body(err.code, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details: Record<string, string> = {};
      for (const issue of err.validation) {
        const field = issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(err.validationContext ?? 'body');
        details[field] ??= issue.message ?? 'invalid';
      }
      return reply.code(400).send(body('validation_failed', 'Some fields are not valid', details));
    }
    const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (mapped) return reply.code(mapped[0]).send(body(mapped[1], mapped[2]));
    if (err instanceof SyntaxError || (err.statusCode === 400 && !err.code?.startsWith('FST_ERR_RESPONSE'))) {
      return reply.code(400).send(body('bad_request', 'Malformed request'));
    }
    if (err.statusCode === 413) return reply.code(413).send(body('payload_too_large', 'The request is too large'));
    if (err.statusCode === 415) return reply.code(415).send(body('unsupported_media_type', 'Unsupported content type'));
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(body('internal', 'Something went wrong on our side'));
  });

  app.setNotFoundHandler((req, reply) => reply.code(404).send(body('not_found', `No route ${req.method} ${req.url.split('?')[0]}`)));
}
