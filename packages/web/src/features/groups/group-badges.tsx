import { useTranslation } from 'react-i18next';
import type { Group } from './groups.api';

/** Private, Unlisted, Customer, Archived: in words (public groups need no badge). */
export function GroupBadges({ group }: { group: Group }) {
  const { t } = useTranslation();
  const badges: { key: string; label: string; tone?: 'warning' }[] = [];
  if (group.visibility === 'private') badges.push({ key: 'private', label: t('groups.badges.private') });
  if (group.visibility === 'unlisted') badges.push({ key: 'unlisted', label: t('groups.badges.unlisted') });
  if (group.customer) badges.push({ key: 'customer', label: t('groups.badges.customer'), tone: 'warning' });
  if (group.archived) badges.push({ key: 'archived', label: t('groups.badges.archived') });
  if (badges.length === 0) return null;
  return (
    <span className="badges">
      {badges.map((b) => (
        <span key={b.key} className={b.tone === 'warning' ? 'badge badge-warning' : 'badge'}>
          {b.label}
        </span>
      ))}
    </span>
  );
}
