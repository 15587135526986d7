import { Navigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../components/error-notice';
import { PageSkeleton } from '../../components/page-skeleton';
import { groupKeys, listGroups } from './groups.api';

/** A person from outside has no company feed: he lands in his only group, or on the list of his groups. */
export function GuestHome() {
  const query = useQuery({ queryKey: [...groupKeys.list('mine', ''), 'home'], queryFn: () => listGroups('mine', undefined) });
  if (query.isPending) return <PageSkeleton />;
  if (query.isError) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  const only = query.data.items.length === 1 && !query.data.nextCursor ? query.data.items[0] : undefined;
  return <Navigate to={only ? `/groups/${only.id}` : '/groups'} replace />;
}
