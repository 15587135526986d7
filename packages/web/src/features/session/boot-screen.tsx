import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/error-message';
import { PageHeading } from '../../components/page-heading';

/** While the app finds out who is here; or, when the server can't be reached, says so. */
export function BootScreen({ error, onRetry }: { error?: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) {
    return (
      <main id="main" className="boot" aria-busy="true">
        <span className="visually-hidden" role="status">
          {t('common.loading')}
        </span>
        <div className="boot-bar" aria-hidden="true" />
      </main>
    );
  }
  return (
    <main id="main" className="auth-page">
      <div className="card auth-card stack">
        <PageHeading title={t('boot.title')}>{t('boot.title')}</PageHeading>
        <p role="alert">{errorMessage(t, error)}</p>
        {onRetry && (
          <button type="button" className="btn btn-primary" onClick={onRetry}>
            {t('common.retry')}
          </button>
        )}
      </div>
    </main>
  );
}
