import { useEffect } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api-client';
import { chooseLanguage, isLanguage, savedLanguage } from '../../i18n';
import { useMeQuery, useSetupStatus } from './use-session';
import { BootScreen } from './boot-screen';
import { AppShell } from '../../components/app-shell';

/** First question on every load: is this a fresh install? Then everything goes to /setup. */
export function SetupGate() {
  const setup = useSetupStatus();
  const { pathname } = useLocation();
  if (setup.isPending) return <BootScreen />;
  if (setup.isError) return <BootScreen error={setup.error} onRetry={() => void setup.refetch()} />;
  if (setup.data.needed && pathname !== '/setup') return <Navigate to="/setup" replace />;
  if (!setup.data.needed && pathname === '/setup') return <Navigate to="/" replace />;
  return <Outlet />;
}

/** The signed-in part of the app; without a session it sends the person to /login and back. */
export function RequireSession() {
  const me = useMeQuery();
  const location = useLocation();
  const { i18n } = useTranslation();
  const accountLocale = me.data?.user.locale;

  // The language kept on the account wins over the browser's, once the person has picked one.
  useEffect(() => {
    if (isLanguage(accountLocale) && (accountLocale !== i18n.language || savedLanguage() !== accountLocale)) {
      void chooseLanguage(accountLocale);
    }
  }, [accountLocale, i18n.language]);

  if (me.isPending) return <BootScreen />;
  if (me.isError) {
    if (me.error instanceof ApiError && me.error.status === 401) {
      const next = location.pathname + location.search;
      return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
    }
    return <BootScreen error={me.error} onRetry={() => void me.refetch()} />;
  }
  return <AppShell />;
}
