import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/page-heading';
import { useSession } from '../features/session/use-session';
import { CreateUserForm } from '../features/admin/create-user-form';
import { PeopleAdmin } from '../features/admin/people-admin';
import { NotFoundContent } from './not-found-page';

export default function AdminPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  if (user.role !== 'admin') return <NotFoundContent />;
  return (
    <div className="page stack">
      <PageHeading>{t('admin.title')}</PageHeading>
      <CreateUserForm />
      <PeopleAdmin />
    </div>
  );
}
