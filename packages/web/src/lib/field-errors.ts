import type { TFunction } from 'i18next';
import { ApiError } from './api-client';

/**
 * validation_failed answers carry `details` as `{field: message}` (field may be a dotted path such
 * as `admin.email`). We show our own translated sentence for each field the server named.
 */
export function fieldErrors(t: TFunction, err: unknown, fields: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError)) return out;
  if (err.code === 'validation_failed') {
    for (const key of Object.keys(err.details)) {
      const parts = key.split('.');
      const match = fields.find((f) => parts.includes(f) || key === f);
      if (match) out[match] = t(`fields.invalid.${match}` as 'fields.invalid.default', { defaultValue: t('fields.invalid.default') });
    }
  }
  if (err.code === 'conflict') {
    for (const key of Object.keys(err.details)) if (fields.includes(key)) out[key] = t('fields.taken');
  }
  return out;
}
