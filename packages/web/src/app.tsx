import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from './lib/query-client';
import { setUnauthenticatedHandler } from './lib/api-client';
import { meKey } from './features/session/use-session';
import { RequireSession, SetupGate } from './features/session/session-gate';
import { RouteError } from './routes/route-error';
import { PageSkeleton } from './components/page-skeleton';

// A request answered 401 mid-session (expired, signed out elsewhere): ask /me again, which sends
// the person to the login page.
setUnauthenticatedHandler(() => {
  void queryClient.resetQueries({ queryKey: meKey });
});

/** Each screen is its own chunk. */
function page(load: () => Promise<{ default: ComponentType }>) {
  const Page = lazy(load);
  return (
    <Suspense fallback={<PageSkeleton />}>
      <Page />
    </Suspense>
  );
}

const router = createBrowserRouter([
  {
    element: <SetupGate />,
    errorElement: <RouteError />,
    children: [
      { path: '/setup', element: page(() => import('./routes/setup-page')) },
      { path: '/login', element: page(() => import('./routes/login-page')) },
      // Public like /login: the link from an invitation mail is opened without a session.
      { path: '/invitations/:token', element: page(() => import('./routes/invitation-page')) },
      {
        element: <RequireSession />,
        errorElement: <RouteError />,
        children: [
          { index: true, element: page(() => import('./routes/feed-page')) },
          { path: 'posts/:id', element: page(() => import('./routes/post-page')) },
          { path: 'people', element: page(() => import('./routes/people-page')) },
          { path: 'people/:id', element: page(() => import('./routes/profile-page')) },
          { path: 'people/:id/edit', element: page(() => import('./routes/profile-edit-page')) },
          { path: 'org', element: page(() => import('./routes/org-page')) },
          { path: 'messages/:conversationId?', element: page(() => import('./routes/messages-page')) },
          { path: 'groups', element: page(() => import('./routes/groups-page')) },
          { path: 'groups/:id', element: page(() => import('./routes/group-page')) },
          { path: 'topics/:name', element: page(() => import('./routes/topic-page')) },
          { path: 'admin', element: page(() => import('./routes/admin-page')) },
          { path: '*', element: page(() => import('./routes/not-found-page')) },
        ],
      },
    ],
  },
]);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
