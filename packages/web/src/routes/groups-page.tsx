import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../components/error-notice';
import { Icon } from '../components/icons';
import { LoadMore } from '../components/load-more';
import { PageHeading } from '../components/page-heading';
import { ListSkeleton } from '../components/skeleton';
import { TabPanel, Tabs } from '../components/tabs';
import { useDebounced } from '../lib/use-debounced';
import { useSession } from '../features/session/use-session';
import { CreateGroupDialog } from '../features/groups/create-group-dialog';
import { GroupCard } from '../features/groups/group-card';
import { groupKeys, listGroups, type GroupFilter } from '../features/groups/groups.api';

/** /groups — the directory: "Your groups" and "All groups" (the tab lives in ?filter=), searchable. */
export default function GroupsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const guest = user.kind === 'guest';
  const [params, setParams] = useSearchParams();
  // A guest's groups are all he can see: for him there is one list.
  const filter: GroupFilter = !guest && params.get('filter') === 'all' ? 'all' : 'mine';
  const [q, setQ] = useState('');
  const term = useDebounced(q.trim(), 250);
  const [creating, setCreating] = useState(false);

  const query = useInfiniteQuery({
    queryKey: groupKeys.list(filter, term),
    queryFn: ({ pageParam, signal }) => listGroups(filter, term || undefined, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const groups = query.data?.pages.flatMap((p) => p.items) ?? [];
  const select = (f: GroupFilter) => setParams(f === 'mine' ? {} : { filter: f }, { replace: true, preventScrollReset: true });

  const empty = term ? (
    <p>{t('groups.noResults', { term })}</p>
  ) : filter === 'mine' ? (
    <div className="card empty-state">
      <p>{guest ? t('groups.emptyGuest') : t('groups.emptyMine')}</p>
      {!guest && (
        <button type="button" className="btn btn-primary" onClick={() => select('all')}>
          {t('groups.browseAll')}
        </button>
      )}
    </div>
  ) : (
    <div className="card empty-state">
      <p>{t('groups.emptyAll')}</p>
    </div>
  );

  const list = (
    <div className="stack">
      <form role="search" className="search-row" onSubmit={(e) => e.preventDefault()} aria-label={t('groups.searchFormLabel')}>
        <label htmlFor="group-search" className="field-label">
          {t('groups.searchLabel')}
        </label>
        <input id="group-search" type="search" className="input" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
      </form>
      {query.isPending && <ListSkeleton kind="person" count={4} />}
      {query.isError && !query.data && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && groups.length === 0 && empty}
      {groups.length > 0 && (
        <ul className="list-plain stack-sm" aria-busy={query.isFetching}>
          {groups.map((g) => (
            <li key={g.id}>
              <GroupCard group={g} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
    </div>
  );

  return (
    <div className="page page-column stack">
      <div className="page-head">
        <PageHeading>{t('groups.title')}</PageHeading>
        {!guest && (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            <Icon name="plus" />
            {t('groups.create.open')}
          </button>
        )}
      </div>
      {guest ? (
        list
      ) : (
        <>
          <Tabs
            label={t('groups.tabs.directoryLabel')}
            idBase="groups-filter"
            tabs={[
              { id: 'mine', label: t('groups.tabs.mine') },
              { id: 'all', label: t('groups.tabs.all') },
            ]}
            selected={filter}
            onSelect={select}
          />
          <TabPanel idBase="groups-filter" selected={filter}>
            {list}
          </TabPanel>
        </>
      )}
      {!guest && <CreateGroupDialog open={creating} onClose={() => setCreating(false)} />}
    </div>
  );
}
