import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/page-heading';

/** A render error or a chunk that failed to load (often: a new version was deployed). */
export function RouteError() {
  const { t } = useTranslation();
  const err = useRouteError();
  const notFound = isRouteErrorResponse(err) && err.status === 404;
  return (
    <main id="main" className="auth-page">
      <div className="card auth-card stack">
        <PageHeading>{notFound ? t('notFound.title') : t('routeError.title')}</PageHeading>
        <p>{notFound ? t('notFound.body') : t('routeError.body')}</p>
        <div className="row gap-sm">
          <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
            {t('routeError.reload')}
          </button>
          <Link to="/" className="btn btn-secondary" reloadDocument>
            {t('notFound.home')}
          </Link>
        </div>
      </div>
    </main>
  );
}
