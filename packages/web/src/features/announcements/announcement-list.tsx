import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session/use-session';
import { AnnouncementItem } from './announcement-item';
import { useAnnouncements } from './use-announcements';

/**
 * Announcements at the top of a feed until dismissed or expired: all of the caller's on the company
 * feed, one group's on its page. Nothing shows while they load (they are extra, not the page).
 */
export function AnnouncementList({ groupId }: { groupId?: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const headId = useId();
  const query = useAnnouncements();
  const all = query.data?.pages.flatMap((p) => p.items) ?? [];
  // A guest's feed has no company-wide announcements: the server sends him none, and we show none.
  const items = all.filter((p) => (groupId ? p.group?.id === groupId : user.kind === 'member' || p.group !== null));
  if (items.length === 0) return null;
  return (
    <section className="stack-sm" aria-labelledby={headId}>
      <h2 id={headId} className="visually-hidden">
        {t('announcements.title')}
      </h2>
      <ul className="list-plain stack-sm">
        {items.map((p) => (
          <li key={p.id}>
            <AnnouncementItem post={p} hideGroup={!!groupId} />
          </li>
        ))}
      </ul>
    </section>
  );
}
