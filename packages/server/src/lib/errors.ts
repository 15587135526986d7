import type { ErrorCode } from '@atrium/contract';

/** An error a client caused or may see; everything else is a 500 and is logged. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Not found') => new AppError(404, 'not_found', what);
export const forbidden = (message = 'You may not do this') => new AppError(403, 'forbidden', message);
export const unauthenticated = (message = 'Sign in first') => new AppError(401, 'unauthenticated', message);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new AppError(409, 'conflict', message, details);
export const badRequest = (message: string) => new AppError(400, 'bad_request', message);
export const invalid = (field: string, message: string) =>
  new AppError(400, 'validation_failed', message, { [field]: message });
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError(429, 'rate_limited', 'Too many attempts; try again later', { retryAfterSeconds }, {
    'retry-after': String(retryAfterSeconds),
  });
