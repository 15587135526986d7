import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** A failure that belongs to no one field. */
  general: string | null;
  /** Whether any field shows an error. */
  fieldErrors: boolean;
  /** More for the general notice (a way out, say). */
  children?: ReactNode;
}

/**
 * What a form says when submitting failed: the general failure in a notice, or else, when fields are
 * marked, a sentence for screen readers, which don't see the marks appear.
 */
export function FormAlerts({ general, fieldErrors, children }: Props) {
  const { t } = useTranslation();
  if (general) {
    return (
      <div className="notice notice-danger" role="alert">
        <p>{general}</p>
        {children}
      </div>
    );
  }
  return fieldErrors ? (
    <p className="visually-hidden" role="alert">
      {t('fields.fixErrors')}
    </p>
  ) : null;
}
