import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../features/session/use-session';
import { Icon, type IconName } from './icons';

export function MainNav() {
  const { t } = useTranslation();
  const { user } = useSession();
  const groups = { to: '/groups', label: t('nav.groups'), icon: 'groups' as const };
  // People from outside see only their groups: no company feed, directory, org chart or admin.
  const links: { to: string; label: string; icon: IconName; end?: boolean }[] =
    user.kind === 'guest'
      ? [groups]
      : [
          { to: '/', label: t('nav.feed'), icon: 'feed', end: true },
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
              <Icon name={l.icon} size={22} />
              <span className="nav-text">{l.label}</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
