import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/error-message';

interface Props {
  error?: unknown;
  onRetry?: () => void;
  message?: string;
  /** For aria-describedby on the control that failed. */
  id?: string;
  /** Layout classes from the surrounding form. */
  className?: string;
}

/** A failure as a sentence next to where it happened, with a retry when one makes sense. */
export function ErrorNotice({ error, onRetry, message, id, className }: Props) {
  const { t } = useTranslation();
  return (
    <div className={className ? `notice notice-danger ${className}` : 'notice notice-danger'} role="alert" id={id}>
      <p>{message ?? errorMessage(t, error)}</p>
      {onRetry && (
        <button type="button" className="btn btn-secondary btn-sm" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
