import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '@atrium/contract';
import { Avatar } from '../../components/avatar';

/** The first cell of an admin table's row: who the row is about, with face, profile link and address. */
export function PersonRowHeader({ user }: { user: UserSummary & { email: string } }) {
  const { t } = useTranslation();
  return (
    <th scope="row">
      <div className="cell-person">
        <Avatar user={user} size="sm" />
        <span>
          <Link to={`/people/${user.id}`}>{user.name}</Link>
          {user.kind === 'guest' && <span className="badge">{t('people.external')}</span>}
          <span className="muted small block">{user.email}</span>
        </span>
      </div>
    </th>
  );
}
