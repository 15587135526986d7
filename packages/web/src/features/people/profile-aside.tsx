import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/avatar';
import { useSession } from '../session/use-session';

/** The right rail on wide screens: who you are here, and a nudge to complete the profile. */
export function ProfileAside() {
  const { t } = useTranslation();
  const { user } = useSession();
  const incomplete = !user.title || !user.department || !user.avatarUrl;
  return (
    <aside className="aside" aria-label={t('aside.label')}>
      <div className="card stack-sm">
        <div className="row gap-sm">
          <Avatar user={user} size="lg" />
          <div>
            <Link to={`/people/${user.id}`} className="author-link">
              {user.name}
            </Link>
            <p className="muted small">{[user.title, user.department].filter(Boolean).join(' · ')}</p>
          </div>
        </div>
        <p className="small">
          {t('people.followersCount', { count: user.followersCount })} · {t('people.followingCount', { count: user.followingCount })}
        </p>
        {incomplete && (
          <p className="small">
            {t('aside.complete')} <Link to={`/people/${user.id}/edit`}>{t('aside.completeLink')}</Link>
          </p>
        )}
        <Link to="/people" className="small">
          {t('aside.findPeople')}
        </Link>
      </div>
    </aside>
  );
}
