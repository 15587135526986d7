import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../components/error-notice';
import { PageHeading } from '../components/page-heading';
import { ListSkeleton } from '../components/skeleton';
import { ApiError } from '../lib/api-client';
import { useSession } from '../features/session/use-session';
import { useUser } from '../features/people/use-user';
import { AvatarUpload } from '../features/people/avatar-upload';
import { ProfileForm } from '../features/people/profile-form';
import { NotFoundContent } from './not-found-page';

function EditProfile({ id }: { id: string }) {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const query = useUser(id);
  const manager = useUser(query.data?.managerId);
  const isSelf = id === me.id;
  const allowed = isSelf || me.role === 'admin';

  if (!allowed || (query.error instanceof ApiError && query.error.status === 404)) return <NotFoundContent />;
  const user = query.data;
  const heading = isSelf ? t('profileEdit.titleOwn') : user ? t('profileEdit.title', { name: user.name }) : t('profileEdit.titleOwn');
  return (
    <div className="page page-column stack">
      <PageHeading title={heading}>{heading}</PageHeading>
      {query.isError && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {(query.isPending || (user?.managerId && manager.isPending)) && <ListSkeleton kind="line" count={6} />}
      {user && !(user.managerId && manager.isPending) && (
        <>
          <section className="card" aria-labelledby="photo-h">
            <h2 id="photo-h" className="section-title">
              {t('profileEdit.photo')}
            </h2>
            <AvatarUpload user={user} />
          </section>
          <ProfileForm user={user} manager={manager.data ?? null} canChangeRole={me.role === 'admin' && !isSelf} />
        </>
      )}
    </div>
  );
}

export default function ProfileEditPage() {
  const { id = '' } = useParams();
  return <EditProfile key={id} id={id} />;
}
