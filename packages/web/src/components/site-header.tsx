import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../features/session/use-session';
import { NotificationsBell } from '../features/notifications/notifications-bell';
import { AvatarMenu } from './avatar-menu';
import { Icon } from './icons';

export function SiteHeader() {
  const { t } = useTranslation();
  const { orgName, user } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const urlQ = pathname === '/people' ? (params.get('q') ?? '') : '';
  const [q, setQ] = useState(urlQ);
  useEffect(() => setQ(urlQ), [urlQ]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const term = q.trim();
    void navigate(term ? `/people?q=${encodeURIComponent(term)}` : '/people');
  };

  return (
    <header className="site-header">
      <Link to="/" className="brand">
        <span className="brand-mark" aria-hidden="true">
          {orgName.trim().charAt(0).toUpperCase() || 'A'}
        </span>
        <span className="brand-name">{orgName}</span>
      </Link>
      {/* The directory doesn't exist for people from outside: no search for them. */}
      {user.kind === 'guest' ? (
        <span className="header-spacer" />
      ) : (
        <form role="search" className="header-search" onSubmit={submit} aria-label={t('shell.searchLabel')}>
          <label htmlFor="header-search" className="visually-hidden">
            {t('shell.searchLabel')}
          </label>
          <Icon name="search" size={18} />
          <input
            id="header-search"
            type="search"
            className="input"
            placeholder={t('shell.searchPlaceholder')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            autoComplete="off"
          />
        </form>
      )}
      <NotificationsBell />
      <AvatarMenu />
    </header>
  );
}
