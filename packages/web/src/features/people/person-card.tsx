import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '@atrium/contract';
import { Avatar } from '../../components/avatar';

/** A person in a list: the whole card is one link (to the profile). */
export function PersonCard({ user, compact = false }: { user: UserSummary & { status?: string }; compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Link to={`/people/${user.id}`} className={compact ? 'card person-card person-card-compact' : 'card person-card'}>
      <Avatar user={user} size={compact ? 'sm' : 'lg'} />
      <span className="person-text">
        <span className="person-name">
          {user.name}
          {user.kind === 'guest' && <span className="badge">{t('people.external')}</span>}
        </span>
        {user.title && <span className="person-line">{user.title}</span>}
        {user.department && <span className="person-line muted">{user.department}</span>}
      </span>
    </Link>
  );
}
