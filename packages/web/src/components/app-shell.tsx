import { lazy, Suspense, useEffect, useRef } from 'react';
import { Outlet, ScrollRestoration, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { registerLiveRegion } from '../lib/announce';
import { requestPageFocus } from '../lib/focus';
import { SiteHeader } from './site-header';
import { MainNav } from './main-nav';
import { PageSkeleton } from './page-skeleton';

// The live layer (stream → cache, notifications) loads beside the first page, not before it.
const RealtimeRoot = lazy(() => import('../realtime/realtime-root').then((m) => ({ default: m.RealtimeRoot })));

export function AppShell() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const first = useRef(true);

  // After an in-app navigation the new page's h1 gets the focus (see lib/focus.ts).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    requestPageFocus();
  }, [pathname]);

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          const main = document.getElementById('main');
          main?.focus();
          main?.scrollIntoView();
        }}
      >
        {t('shell.skip')}
      </a>
      <SiteHeader />
      <div className="shell">
        <MainNav />
        <main id="main" tabIndex={-1} className="main">
          <Suspense fallback={<PageSkeleton />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" ref={registerLiveRegion} />
      <Suspense fallback={null}>
        <RealtimeRoot />
      </Suspense>
      <ScrollRestoration />
    </div>
  );
}
