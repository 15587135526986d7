import { useEffect, useId, useMemo, useRef } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import type { Conversation, Message } from '@atrium/contract';
import { PageHeading } from '../../components/page-heading';
import { useDraft } from '../../lib/use-draft';
import { usePageVisible } from '../../lib/use-page-visible';
import { usePresenceSubscription } from '../../realtime/presence';
import { useSession } from '../session/use-session';
import { ConversationAvatar } from './conversation-avatar';
import { conversationTitle, directPartner, otherMembers } from './conversation-title';
import { getMessages, markRead } from './messaging.api';
import { isAfter, messagingKeys, storeConversation } from './messaging.cache';
import { MessageComposer } from './message-composer';
import { MessageLog } from './message-log';
import { useOutbox } from './outbox';
import { PresenceText } from './presence-dot';
import { TypingIndicator } from './typing-indicator';
import { showingConversation } from './viewing';

interface Props {
  conversation: Conversation;
  /** `page`: the conversation is the page (/messages/:id, its name the h1); `embedded`: a group's Chat tab. */
  variant: 'page' | 'embedded';
  /** A group's owners and managers may delete anyone's message in its chat. */
  canModerate?: boolean;
  /** Why nothing can be written here (an archived group), shown instead of the composer. */
  readOnlyNotice?: string | null;
}

/** One conversation: its messages (oldest at the top), who is typing, and the composer. */
export function ConversationPane({ conversation: c, variant, canModerate = false, readOnlyNotice = null }: Props) {
  const { t, i18n } = useTranslation();
  const { user: me } = useSession();
  const titleId = useId();
  const title = conversationTitle(c, me.id, t, i18n.language);
  const partner = directPartner(c, me.id);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [draft, setDraft, clearDraft] = useDraft(`message.${c.id}`);

  usePresenceSubscription(otherMembers(c, me.id).map((u) => u.id));
  useEffect(() => showingConversation(c.id), [c.id]);

  const query = useInfiniteQuery({
    queryKey: messagingKeys.messages(c.id),
    queryFn: ({ pageParam }) => getMessages(c.id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // The stream keeps it current.
    staleTime: 5 * 60_000,
  });
  const messages = useMemo(() => {
    const seen = new Set<string>();
    const all: Message[] = [];
    for (const pg of query.data?.pages ?? []) for (const m of pg.items) if (!seen.has(m.id) && seen.add(m.id)) all.push(m);
    return all.reverse();
  }, [query.data]);
  const outbox = useOutbox(c.id);
  const pending = useMemo(() => {
    const sent = new Set(messages.map((m) => m.clientId).filter(Boolean));
    return outbox.filter((o) => !sent.has(o.clientId));
  }, [messages, outbox]);

  useMarkRead(c, messages, me.id);

  const Wrapper = variant === 'page' ? 'section' : 'div';
  return (
    <Wrapper
      className={`conversation-pane conversation-pane-${variant}`}
      aria-labelledby={variant === 'page' ? titleId : undefined}
    >
      {variant === 'page' && (
        <header className="pane-head">
          <Link to="/messages" className="pane-back">
            <span aria-hidden="true">← </span>
            {t('messages.back')}
          </Link>
          <div className="pane-id">
            <ConversationAvatar conversation={c} meId={me.id} />
            <div className="pane-text">
              <PageHeading id={titleId} className="pane-title" title={title}>
                {title}
              </PageHeading>
              <p className="muted small pane-sub">
                {partner ? (
                  <PresenceText userId={partner.id} />
                ) : c.kind === 'chat' && c.group ? (
                  <Link to={`/groups/${c.group.id}?tab=chat`}>{t('messages.openGroup', { name: c.group.name })}</Link>
                ) : (
                  t('messages.peopleCount', { count: c.membersCount })
                )}
                {c.hasGuests && <span className="badge">{t('people.external')}</span>}
              </p>
            </div>
          </div>
        </header>
      )}
      <MessageLog
        conversation={c}
        title={title}
        query={query}
        messages={messages}
        pending={pending}
        canModerate={canModerate}
        composer={textarea}
        onRestore={(text) => {
          if (!draft.trim()) setDraft(text);
          textarea.current?.focus();
        }}
      />
      <TypingIndicator conversation={c} messages={messages} />
      {readOnlyNotice ? (
        <p className="notice notice-neutral">{readOnlyNotice}</p>
      ) : (
        <MessageComposer conversation={c} title={title} draft={draft} setDraft={setDraft} clearDraft={clearDraft} textareaRef={textarea} />
      )}
    </Wrapper>
  );
}

/** While the conversation is shown in a visible tab, what arrives is read: tell the server. */
function useMarkRead(c: Conversation, messages: Message[], meId: string) {
  const qc = useQueryClient();
  const visible = usePageVisible();
  const newest = messages[messages.length - 1];
  const asked = useRef<string | null>(null);
  const newestId = newest?.id;
  const newestMine = newest?.author.id === meId;
  useEffect(() => {
    if (!visible || !newestId || newestMine) return;
    if (!isAfter(newestId, c.lastReadMessageId) && c.unreadCount === 0) return;
    if (asked.current === newestId) return;
    asked.current = newestId;
    markRead(c.id, newestId).then(
      (fresh) => storeConversation(qc, fresh),
      () => {
        asked.current = null;
      },
    );
  }, [visible, newestId, newestMine, c.id, c.lastReadMessageId, c.unreadCount, qc]);
}
