import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorNotice } from '../components/error-notice';
import { PageHeading } from '../components/page-heading';
import { SkeletonBlock } from '../components/skeleton';
import { ApiError } from '../lib/api-client';
import { usePresenceSubscription } from '../realtime/presence';
import { ConversationList } from '../features/messaging/conversation-list';
import { ConversationPane } from '../features/messaging/conversation-pane';
import { getConversation } from '../features/messaging/messaging.api';
import { findConversation, messagingKeys } from '../features/messaging/messaging.cache';
import { useConversations } from '../features/messaging/use-conversations';
import { useSession } from '../features/session/use-session';

/** The open conversation, from the list's copy at once, kept current by the stream. */
function ConversationView({ id }: { id: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: messagingKeys.one(id),
    queryFn: () => getConversation(id),
    initialData: () => findConversation(qc, id),
    initialDataUpdatedAt: () => qc.getQueryState(messagingKeys.list)?.dataUpdatedAt,
    staleTime: 5 * 60_000,
  });

  if (query.isError && !query.data) {
    const missing = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 403);
    return (
      <div className="card stack conversation-missing">
        <PageHeading>{t('messages.notFoundTitle')}</PageHeading>
        {missing ? <p>{t('messages.notFoundBody')}</p> : <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
        <Link to="/messages">{t('messages.back')}</Link>
      </div>
    );
  }
  if (!query.data) {
    return (
      <div className="card conversation-pane" aria-busy="true">
        <span className="visually-hidden" role="status">
          {t('common.loading')}
        </span>
        <SkeletonBlock width="40%" height="1.75rem" />
      </div>
    );
  }
  return <ConversationPane conversation={query.data} variant="page" />;
}

/** /messages and /messages/:conversationId — the list beside the open conversation (stacked on a phone). */
export default function MessagesPage() {
  const { t } = useTranslation();
  const { conversationId } = useParams();
  const { user: me } = useSession();
  const list = useConversations();
  // Presence of everyone shown in the list (the open conversation adds its own people).
  const people = new Set<string>();
  for (const pg of list.data?.pages ?? []) for (const c of pg.items) for (const m of c.members) if (m.user.id !== me.id) people.add(m.user.id);
  usePresenceSubscription([...people]);

  return (
    <div className={conversationId ? 'messages-page has-open' : 'messages-page'}>
      <ConversationList activeId={conversationId} isPage={!conversationId} />
      <div className="messages-main">
        {conversationId ? (
          <ConversationView key={conversationId} id={conversationId} />
        ) : (
          <div className="card messages-placeholder">
            <p className="muted">{t('messages.choose')}</p>
          </div>
        )}
      </div>
    </div>
  );
}
