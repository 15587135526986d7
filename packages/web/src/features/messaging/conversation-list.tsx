import { useId } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '@atrium/contract';
import { ErrorNotice } from '../../components/error-notice';
import { LoadMore } from '../../components/load-more';
import { PageHeading } from '../../components/page-heading';
import { RelativeTime } from '../../components/relative-time';
import { AvatarRowsSkeleton } from '../../components/skeleton';
import { useSession } from '../session/use-session';
import { ConversationAvatar } from './conversation-avatar';
import { conversationTitle } from './conversation-title';
import { NewConversationButton } from './new-conversation';
import { messagePreview } from './preview';
import { useConversations } from './use-conversations';

interface Props {
  activeId?: string;
  /** With no conversation open the list is the page, and its heading the page's h1. */
  isPage: boolean;
}

/** The person's conversations and his groups' chats, latest first, with unread counts. */
export function ConversationList({ activeId, isPage }: Props) {
  const { t } = useTranslation();
  const query = useConversations();
  const headId = useId();
  const seen = new Set<string>();
  const items = (query.data?.pages ?? []).flatMap((p) => p.items).filter((c) => !seen.has(c.id) && seen.add(c.id));

  return (
    <section className="conversation-list card" aria-labelledby={headId}>
      <div className="conversation-list-head">
        {isPage ? (
          <PageHeading id={headId}>{t('messages.title')}</PageHeading>
        ) : (
          <h2 id={headId} className="page-title">
            {t('messages.title')}
          </h2>
        )}
        <NewConversationButton />
      </div>
      {query.isPending ? (
        <AvatarRowsSkeleton className="stack-sm" rowClassName="conversation-item" avatar="2.75rem" />
      ) : query.isError && !query.data ? (
        <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <p className="muted conversation-empty">{t('messages.empty')}</p>
      ) : (
        <ul className="list-plain conversation-items">
          {items.map((c) => (
            <li key={c.id}>
              <ConversationItem conversation={c} active={c.id === activeId} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onLoad={() => void query.fetchNextPage()}
        label={t('messages.loadMoreConversations')}
      />
    </section>
  );
}

function ConversationItem({ conversation: c, active }: { conversation: Conversation; active: boolean }) {
  const { t, i18n } = useTranslation();
  const { user: me } = useSession();
  const title = conversationTitle(c, me.id, t, i18n.language);
  const last = c.lastMessage;
  const who = !last ? '' : last.author.id === me.id ? t('messages.you') : c.kind === 'direct' ? '' : last.author.name.split(' ')[0]!;
  const unread = c.unreadCount > 0;
  const cls = ['conversation-item', active && 'is-active', unread && 'is-unread'].filter(Boolean).join(' ');
  return (
    <Link to={`/messages/${c.id}`} className={cls} aria-current={active ? 'page' : undefined}>
      <ConversationAvatar conversation={c} meId={me.id} />
      <span className="conversation-text">
        <span className="conversation-top">
          <span className="conversation-name">{title}</span>
          {c.hasGuests && <span className="badge">{t('people.external')}</span>}
          {c.lastMessageAt && (
            <span className="conversation-time">
              <RelativeTime iso={c.lastMessageAt} />
            </span>
          )}
        </span>
        <span className="conversation-preview">
          {last ? (
            <>
              {who && `${who}: `}
              {messagePreview(last, 90)}
            </>
          ) : (
            t('messages.noMessagesYet')
          )}
        </span>
      </span>
      {unread && (
        <span className="unread-badge">
          <span aria-hidden="true">{c.unreadCount}</span>
          <span className="visually-hidden">, {t('messages.unreadCount', { count: c.unreadCount })}</span>
        </span>
      )}
    </Link>
  );
}
