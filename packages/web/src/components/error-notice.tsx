import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/error-message';

/** A failure as a sentence next to where it happened, with a retry when one makes sense. */
export function ErrorNotice({ error, onRetry, message }: { error?: unknown; onRetry?: () => void; message?: string }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-danger" role="alert">
      <p>{message ?? errorMessage(t, error)}</p>
      {onRetry && (
        <button type="button" className="btn btn-secondary btn-sm" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
