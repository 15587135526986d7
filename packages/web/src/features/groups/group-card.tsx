import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Group } from './groups.api';
import { GroupBadges } from './group-badges';
import { GroupMark } from './group-mark';

/** A group in the directory: its name links to its page. */
export function GroupCard({ group }: { group: Group }) {
  const { t } = useTranslation();
  const status = group.myRole
    ? t(`groups.yourRole.${group.myRole}`)
    : group.myRequest === 'pending'
      ? t('groups.requestPending')
      : null;
  return (
    <article className="card group-card" aria-labelledby={`group-${group.id}`}>
      <GroupMark group={group} />
      <div className="group-card-text stack-xs">
        <h2 className="group-card-title" id={`group-${group.id}`}>
          <Link to={`/groups/${group.id}`}>{group.name}</Link>
          <GroupBadges group={group} />
        </h2>
        {group.description && <p className="group-card-desc">{group.description}</p>}
        <p className="muted small">
          {t('groups.membersCount', { count: group.membersCount })}
          {status && ` · ${status}`}
        </p>
      </div>
    </article>
  );
}
