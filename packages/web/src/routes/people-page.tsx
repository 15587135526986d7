import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../components/error-notice';
import { LoadMore } from '../components/load-more';
import { PageHeading } from '../components/page-heading';
import { NotFoundContent } from './not-found-page';
import { ListSkeleton } from '../components/skeleton';
import { useDebounced } from '../lib/use-debounced';
import { useSession } from '../features/session/use-session';
import { PersonCard } from '../features/people/person-card';
import { searchUsers, userKeys } from '../features/people/people.api';

function PeopleContent() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const urlQ = params.get('q') ?? '';
  const [q, setQ] = useState(urlQ);
  const term = useDebounced(q.trim(), 250);

  // The header's search box changes ?q=; follow it.
  useEffect(() => setQ(urlQ), [urlQ]);
  useEffect(() => {
    if (term !== (params.get('q') ?? '')) setParams(term ? { q: term } : {}, { replace: true });
  }, [term, params, setParams]);

  const query = useInfiniteQuery({
    queryKey: userKeys.directory(term),
    queryFn: ({ pageParam, signal }) => searchUsers(term || undefined, pageParam, undefined, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });

  const people = query.data?.pages.flatMap((p) => p.items) ?? [];
  const status = query.isPending
    ? ''
    : term
      ? t('people.resultsFor', { count: people.length, term, more: query.hasNextPage ? '+' : '' })
      : '';

  return (
    <div className="page stack">
      <PageHeading>{t('people.title')}</PageHeading>
      <form role="search" className="search-row" onSubmit={(e) => e.preventDefault()} aria-label={t('people.searchFormLabel')}>
        <label htmlFor="people-search" className="field-label">
          {t('people.searchLabel')}
        </label>
        <input
          id="people-search"
          type="search"
          className="input"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('people.searchPlaceholder')}
          autoComplete="off"
        />
      </form>
      <p className="muted small" role="status" aria-live="polite">
        {status}
      </p>
      {query.isPending && <ListSkeleton kind="person" count={6} />}
      {query.isError && !query.data && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && people.length === 0 && <p>{term ? t('people.noResults', { term }) : t('people.empty')}</p>}
      {people.length > 0 && (
        <ul className="list-plain person-grid" aria-busy={query.isFetching}>
          {people.map((u) => (
            <li key={u.id}>
              <PersonCard user={u} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
    </div>
  );
}

/** The directory and the org chart are the company's: for people from outside they don't exist. */
export default function PeoplePage() {
  const { user } = useSession();
  return user.kind === 'guest' ? <NotFoundContent /> : <PeopleContent />;
}
