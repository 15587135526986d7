import { useTranslation } from 'react-i18next';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { Page, UserSummary } from '@atrium/contract';
import { Dialog } from '../../components/dialog';
import { ErrorNotice } from '../../components/error-notice';
import { LoadMore } from '../../components/load-more';
import { ListSkeleton } from '../../components/skeleton';
import { PersonCard } from './person-card';

interface Props {
  open: boolean;
  onClose: () => void;
  title: string;
  queryKey: readonly unknown[];
  fetchPage: (cursor?: string) => Promise<Page<UserSummary>>;
  empty: string;
}

/** Followers / following in a dialog, paged. */
export function PeopleListDialog({ open, onClose, title, queryKey, fetchPage, empty }: Props) {
  const { t } = useTranslation();
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: open,
  });
  const people = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Dialog open={open} onClose={onClose} title={title} size="md">
      {query.isPending && <ListSkeleton kind="person" count={3} />}
      {query.isError && !query.data && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && people.length === 0 && <p>{empty}</p>}
      {people.length > 0 && (
        <ul className="list-plain stack-sm">
          {people.map((u) => (
            <li key={u.id} onClick={onClose}>
              <PersonCard user={u} compact />
            </li>
          ))}
        </ul>
      )}
      <LoadMore hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} label={t('common.loadMore')} />
    </Dialog>
  );
}
