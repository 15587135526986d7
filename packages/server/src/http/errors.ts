import type { FastifyError, FastifyInstance } from 'fastify';
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
