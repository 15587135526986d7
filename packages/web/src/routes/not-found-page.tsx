import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/page-heading';
import { useSession } from '../features/session/use-session';

export function NotFoundContent() {
  const { t } = useTranslation();
  const { user } = useSession();
  return (
    <div className="page page-column stack">
      <PageHeading>{t('notFound.title')}</PageHeading>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to={user.kind === 'guest' ? '/groups' : '/'} className="btn btn-primary">
          {user.kind === 'guest' ? t('notFound.homeGuest') : t('notFound.home')}
        </Link>
      </p>
    </div>
  );
}

export default function NotFoundPage() {
  return <NotFoundContent />;
}
