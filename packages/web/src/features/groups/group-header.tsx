import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/icons';
import { PageHeading } from '../../components/page-heading';
import { useSession } from '../session/use-session';
import type { Group } from './groups.api';
import { GroupBadges } from './group-badges';
import { GroupMark } from './group-mark';
import { GuestNotice } from './guest-notice';
import { MembershipActions } from './membership-actions';

/** The group's name (the page's h1), what kind of group it is, its size, and the caller's way in or out. */
export function GroupHeader({ group }: { group: Group }) {
  const { t } = useTranslation();
  const { orgName } = useSession();
  return (
    <div className="card group-header">
      <div className="group-header-main">
        <GroupMark group={group} size="lg" />
        <div className="group-id stack-xs">
          <PageHeading className="group-name" title={group.name}>
            {group.name}
          </PageHeading>
          <GroupBadges group={group} />
          <p className="muted small">
            {t('groups.membersCount', { count: group.membersCount })} · {t(`groups.visibility.${group.visibility}About`, { org: orgName })}
          </p>
          {group.description && <p className="pre-wrap group-description">{group.description}</p>}
        </div>
        <div className="group-actions">
          <MembershipActions group={group} />
        </div>
      </div>
      {(group.hasGuests || group.customer) && <GuestNotice hasGuests={group.hasGuests} />}
      {group.archived && (
        <div className="notice notice-neutral">
          <Icon name="archive" />
          <p>{t('groups.archivedNotice')}</p>
        </div>
      )}
    </div>
  );
}
