import { useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../components/error-notice';
import { PageHeading } from '../components/page-heading';
import { ListSkeleton, SkeletonBlock } from '../components/skeleton';
import { TabPanel, Tabs } from '../components/tabs';
import { ApiError } from '../lib/api-client';
import { GroupChat } from '../features/groups/group-chat';
import { GroupHeader } from '../features/groups/group-header';
import { GroupMembers } from '../features/groups/group-members';
import { GroupPosts } from '../features/groups/group-posts';
import { GroupSettings } from '../features/groups/group-settings';
import { JoinRequests, useJoinRequests } from '../features/groups/join-requests';
import type { Group } from '../features/groups/groups.api';
import { useGroup } from '../features/groups/use-group';
import { NotFoundContent } from './not-found-page';

type Tab = 'posts' | 'chat' | 'members' | 'requests' | 'settings';

function GroupTabs({ group }: { group: Group }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const requests = useJoinRequests(group);
  const pending = requests.data?.items.length ?? 0;

  const tabs: { id: Tab; label: string }[] = [
    { id: 'posts', label: t('groups.tabs.posts') },
  ];
  // The live chat is its members' (guests included), whatever the group's visibility.
  if (group.myRole !== null) tabs.push({ id: 'chat', label: t('groups.tabs.chat') });
  tabs.push({ id: 'members', label: t('groups.tabs.members') });
  if (group.canManage && group.visibility !== 'public') {
    tabs.push({ id: 'requests', label: pending > 0 ? t('groups.tabs.requestsCount', { count: pending }) : t('groups.tabs.requests') });
  }
  if (group.canManage) tabs.push({ id: 'settings', label: t('groups.tabs.settings') });
  const wanted = params.get('tab');
  const tab: Tab = tabs.find((x) => x.id === wanted)?.id ?? 'posts';
  const select = (id: Tab) => setParams(id === 'posts' ? {} : { tab: id }, { replace: true, preventScrollReset: true });

  return (
    <>
      <Tabs label={t('groups.tabs.label', { name: group.name })} idBase="group-tabs" tabs={tabs} selected={tab} onSelect={select} />
      <TabPanel idBase="group-tabs" selected={tab}>
        {tab === 'posts' && <GroupPosts group={group} />}
        {tab === 'chat' && <GroupChat group={group} />}
        {tab === 'members' && <GroupMembers group={group} />}
        {tab === 'requests' && <JoinRequests group={group} />}
        {tab === 'settings' && <GroupSettings key={`${group.id}-${group.archived}`} group={group} />}
      </TabPanel>
    </>
  );
}

function GroupView({ id }: { id: string }) {
  const { t } = useTranslation();
  const query = useGroup(id);

  if (query.isError && query.error instanceof ApiError && query.error.status === 404) return <NotFoundContent />;
  if (query.isError) {
    return (
      <div className="page page-column stack">
        <PageHeading>{t('groups.title')}</PageHeading>
        <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />
      </div>
    );
  }
  if (query.isPending) {
    return (
      <div className="page page-column stack" aria-busy="true">
        <div className="card group-header">
          <div className="group-header-main">
            <SkeletonBlock width="4rem" height="4rem" />
            <div className="stack-xs grow">
              <SkeletonBlock width="50%" height="2rem" />
              <SkeletonBlock width="35%" />
              <SkeletonBlock width="80%" />
            </div>
          </div>
        </div>
        <ListSkeleton count={2} />
      </div>
    );
  }

  const group = query.data;
  return (
    <div className="page page-column stack">
      <GroupHeader group={group} />
      {group.canRead ? (
        <GroupTabs group={group} />
      ) : (
        <div className="card empty-state">
          <p>{group.myRequest === 'pending' ? t('groups.privateWaiting') : t('groups.privateBody')}</p>
        </div>
      )}
    </div>
  );
}

/** /groups/:id — the group's page: header, then its posts, members, requests and settings as tabs. */
export default function GroupPage() {
  const { id = '' } = useParams();
  return <GroupView key={id} id={id} />;
}
