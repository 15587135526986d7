import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../features/session/use-session';
import { useUnreadConversations } from '../features/messaging/use-conversations';
import { Icon, type IconName } from './icons';

export function MainNav() {
  const { t } = useTranslation();
  const { user } = useSession();
  const unread = useUnreadConversations();
  const groups = { to: '/groups', label: t('nav.groups'), icon: 'groups' as const };
  const messages = { to: '/messages', label: t('nav.messages'), icon: 'messages' as const, badge: unread };
  // People from outside see only their groups and their messages: no company feed, directory, org chart or admin.
  const links: { to: string; label: string; icon: IconName; end?: boolean; badge?: number }[] =
    user.kind === 'guest'
      ? [groups, messages]
      : [
          { to: '/', label: t('nav.feed'), icon: 'feed', end: true },
          messages,
          groups,
          { to: '/people', label: t('nav.people'), icon: 'people' },
          { to: '/org', label: t('nav.org'), icon: 'org' },
        ];
  if (user.role === 'admin' && user.kind !== 'guest') links.push({ to: '/admin', label: t('nav.admin'), icon: 'admin' });
  return (
    <nav className="main-nav" aria-label={t('nav.label')}>
      <ul className="list-plain">
        {links.map((l) => (
          <li key={l.to}>
            <NavLink to={l.to} end={l.end} className="nav-link">
              <span className="nav-icon">
                <Icon name={l.icon} size={22} />
                {!!l.badge && (
                  <span className="nav-badge" aria-hidden="true">
                    {l.badge > 99 ? '99+' : l.badge}
                  </span>
                )}
              </span>
              <span className="nav-text">{l.label}</span>
              {!!l.badge && <span className="visually-hidden">, {t('nav.unreadConversations', { count: l.badge })}</span>}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
