import type { TFunction } from 'i18next';
import { ApiError } from '../../lib/api-client';
import { errorMessage } from '../../lib/error-message';

/** Used, expired, revoked or mistyped links all answer the same: 404, or 400 for a malformed token. */
export function isInvalidInvitation(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false;
  if (err.status === 404) return true;
  return err.code === 'validation_failed' && 'token' in err.details;
}

/** Any other failure as a sentence; too many attempts says when to try again. */
export function invitationErrorMessage(t: TFunction, err: unknown, overrides: Parameters<typeof errorMessage>[2] = {}): string {
  const minutes = err instanceof ApiError ? Math.max(1, Math.ceil((err.retryAfter ?? 60) / 60)) : 1;
  return errorMessage(t, err, {
    rate_limited: t('invitation.tooMany', { count: minutes }),
    not_found: t('invitation.invalid'),
    ...overrides,
  });
}
