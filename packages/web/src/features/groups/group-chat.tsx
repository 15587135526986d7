import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../components/error-notice';
import { ListSkeleton } from '../../components/skeleton';
import { ConversationPane } from '../messaging/conversation-pane';
import { getGroupChat } from '../messaging/messaging.api';
import { messagingKeys } from '../messaging/messaging.cache';
import type { Group } from './groups.api';

/** The group's live chat, for its members and guests: the same pane as in Messages. */
export function GroupChat({ group }: { group: Group }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: messagingKeys.groupChat(group.id),
    queryFn: () => getGroupChat(group.id),
    staleTime: 5 * 60_000,
  });
  if (query.isPending) return <ListSkeleton kind="line" count={3} />;
  if (query.isError) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <ConversationPane
      conversation={query.data}
      variant="embedded"
      canModerate={group.canManage}
      readOnlyNotice={group.archived ? t('groups.chatArchived') : null}
    />
  );
}
