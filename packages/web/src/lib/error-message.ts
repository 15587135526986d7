import type { TFunction } from 'i18next';
import { ApiError } from './api-client';

type Code = ApiError['code'];

/**
 * Any failure as a sentence in the person's language; never a code or JSON.
 * `overrides` lets a screen say something more precise for a code ("Wrong email or password").
 */
export function errorMessage(t: TFunction, err: unknown, overrides: Partial<Record<Code, string>> = {}): string {
  if (!(err instanceof ApiError)) return t('errors.unexpected');
  const override = overrides[err.code];
  if (override) return override;
  switch (err.code) {
    case 'rate_limited': {
      const seconds = err.retryAfter ?? 60;
      if (seconds < 60) return t('errors.rateLimitedSeconds', { count: Math.max(1, seconds) });
      return t('errors.rateLimitedMinutes', { count: Math.ceil(seconds / 60) });
    }
    case 'network':
      return t('errors.network');
    case 'bad_request':
      return t('errors.badRequest');
    case 'validation_failed':
      return t('errors.validationFailed');
    case 'unauthenticated':
      return t('errors.unauthenticated');
    case 'forbidden':
      return t('errors.forbidden');
    case 'not_found':
      return t('errors.notFound');
    case 'conflict':
      return t('errors.conflict');
    case 'payload_too_large':
      return t('errors.payloadTooLarge');
    case 'unsupported_media_type':
      return t('errors.unsupportedMediaType');
    case 'setup_done':
      return t('errors.setupDone');
    default:
      return t('errors.internal');
  }
}

/** Field names the server rejected (`details` is `{field: message}` on validation_failed). */
export function invalidFields(err: unknown): Set<string> {
  if (!(err instanceof ApiError) || err.code !== 'validation_failed') return new Set();
  return new Set(Object.keys(err.details).map((k) => k.split('.')[0]!));
}
