import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/page-heading';

export function NotFoundContent() {
  const { t } = useTranslation();
  return (
    <div className="page page-column stack">
      <PageHeading>{t('notFound.title')}</PageHeading>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/" className="btn btn-primary">
          {t('notFound.home')}
        </Link>
      </p>
    </div>
  );
}

export default function NotFoundPage() {
  return <NotFoundContent />;
}
