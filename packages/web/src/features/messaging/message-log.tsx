import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient, type UseInfiniteQueryResult, type InfiniteData } from '@tanstack/react-query';
import type { Conversation, Message, Page } from '@atrium/contract';
import { Dialog } from '../../components/dialog';
import { ErrorNotice } from '../../components/error-notice';
import { LoadMore } from '../../components/load-more';
import { SkeletonBlock } from '../../components/skeleton';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { useSession } from '../session/use-session';
import { deleteMessage } from './messaging.api';
import { removeMessage } from './messaging.cache';
import { MessageItem, PendingMessageItem } from './message-item';
import type { Outgoing } from './outbox';

/** Messages by the same person within this long show as one block under one name. */
const GROUP_WITHIN_MS = 5 * 60_000;
/** Closer than this to the bottom counts as "reading the newest": new messages scroll into view. */
const NEAR_BOTTOM_PX = 96;

interface Props {
  conversation: Conversation;
  title: string;
  query: UseInfiniteQueryResult<InfiniteData<Page<Message>>>;
  /** Oldest first. */
  messages: Message[];
  pending: Outgoing[];
  canModerate: boolean;
  composer: RefObject<HTMLTextAreaElement | null>;
  /** A discarded unsent message's text goes back into the composer. */
  onRestore: (text: string) => void;
}

/**
 * The scrolling list of messages: oldest at the top, newest at the bottom. It stays at the bottom
 * while the person reads the newest; when he has scrolled up, new messages don't move what he
 * reads ("New messages" takes him down). Loading earlier ones keeps his place.
 */
export function MessageLog({ conversation: c, title, query, messages, pending, canModerate, composer, onRestore }: Props) {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const qc = useQueryClient();
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [newBelow, setNewBelow] = useState(false);
  const [toDelete, setToDelete] = useState<Message | null>(null);
  const last = useRef<{ first?: string; last?: string; height: number; top: number; pages: number }>({ height: 0, top: 0, pages: 0 });

  const firstId = messages[0]?.id;
  const newest = messages[messages.length - 1];
  const lastOut = pending[pending.length - 1];
  const lastKey = lastOut ? `out:${lastOut.clientId}` : newest?.id;
  const lastMine = lastOut ? true : newest?.author.id === me.id;
  const receipt = useReceipt(c, newest, pending.length > 0, me.id);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const before = last.current;
    if (before.first === undefined && before.last === undefined) {
      el.scrollTop = el.scrollHeight;
    } else if (firstId !== before.first && lastKey === before.last) {
      // Earlier messages came in above: keep what was on screen where it was.
      el.scrollTop = before.top + (el.scrollHeight - before.height);
      // The "Load earlier" button is gone (nothing earlier is left): keep the focus in the list.
      if (!el.contains(document.activeElement) && (document.activeElement === document.body || !document.activeElement)) {
        el.focus({ preventScroll: true });
      }
    } else if (lastKey !== before.last || receipt !== null) {
      if (atBottom.current || (lastKey !== before.last && lastMine)) {
        el.scrollTop = el.scrollHeight;
        atBottom.current = true;
      } else if (lastKey !== before.last) {
        setNewBelow(true);
      }
    }
    last.current = { ...last.current, first: firstId, last: lastKey, height: el.scrollHeight, top: el.scrollTop };
  }, [firstId, lastKey, lastMine, receipt]);

  // "20 earlier messages loaded."
  const pageCount = query.data?.pages.length ?? 0;
  useEffect(() => {
    if (pageCount > last.current.pages && pageCount > 1) {
      announce(t('messages.loadedEarlier', { count: query.data?.pages[pageCount - 1]?.items.length ?? 0 }));
    }
    last.current.pages = pageCount;
  }, [pageCount, query.data, t]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    last.current.top = el.scrollTop;
    last.current.height = el.scrollHeight;
    if (atBottom.current && newBelow) setNewBelow(false);
  };
  const toBottom = () => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setNewBelow(false);
    composer.current?.focus();
  };

  const remove = useMutation({
    mutationFn: (m: Message) => deleteMessage(c.id, m.id),
    onSuccess: (_r, m) => {
      setToDelete(null);
      removeMessage(qc, c.id, m.id);
      announce(t('messages.deleted'));
      composer.current?.focus();
    },
  });

  return (
    <div className="message-log">
      <div
        ref={scroller}
        className="message-scroller"
        role="region"
        aria-label={t('messages.logLabel', { name: title })}
        tabIndex={0}
        onScroll={onScroll}
      >
        <LoadMore
          hasMore={query.hasNextPage}
          loading={query.isFetchingNextPage}
          onLoad={() => void query.fetchNextPage()}
          label={t('messages.loadEarlier')}
        />
        {query.isFetchNextPageError && <ErrorNotice error={query.error} onRetry={() => void query.fetchNextPage()} />}
        {query.isPending ? (
          <div className="stack-sm" role="status">
            <span className="visually-hidden">{t('common.loading')}</span>
            <SkeletonBlock width="55%" height="2.5rem" />
            <SkeletonBlock width="40%" height="2.5rem" />
            <SkeletonBlock width="65%" height="2.5rem" />
          </div>
        ) : query.isError && !query.data ? (
          <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />
        ) : messages.length === 0 && pending.length === 0 ? (
          <p className="muted message-empty">{c.kind === 'chat' ? t('messages.emptyChat') : t('messages.emptyConversation')}</p>
        ) : (
          <ol className="list-plain message-list">
            {messages.map((m, i) => {
              const prev = messages[i - 1];
              const compact =
                !!prev &&
                prev.author.id === m.author.id &&
                new Date(m.createdAt).getTime() - new Date(prev.createdAt).getTime() < GROUP_WITHIN_MS;
              const mine = m.author.id === me.id;
              return (
                <li key={m.id}>
                  <MessageItem message={m} compact={compact} mine={mine} canDelete={mine || canModerate} onDelete={setToDelete} />
                </li>
              );
            })}
            {pending.map((o) => (
              <li key={o.clientId}>
                <PendingMessageItem item={o} onRestore={onRestore} />
              </li>
            ))}
          </ol>
        )}
        <p className="message-receipt" role="status">
          {receipt}
        </p>
      </div>
      {newBelow && (
        <button type="button" className="btn btn-primary btn-sm new-below" onClick={toBottom}>
          {t('messages.newBelow')}
        </button>
      )}
      <Dialog
        open={toDelete !== null}
        onClose={() => {
          setToDelete(null);
          remove.reset();
        }}
        title={t('messages.deleteTitle')}
        footer={
          <>
            <button type="button" className="btn btn-secondary" onClick={() => setToDelete(null)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn-danger" disabled={remove.isPending} onClick={() => toDelete && remove.mutate(toDelete)}>
              {t('messages.deleteConfirm')}
            </button>
          </>
        }
      >
        <p>{toDelete && toDelete.author.id !== me.id ? t('messages.deleteBodyOther', { name: toDelete.author.name }) : t('messages.deleteBody')}</p>
        {remove.isError && <ErrorNotice message={errorMessage(t, remove.error)} />}
      </Dialog>
    </div>
  );
}

/**
 * "Seen" (direct) or "Seen by Anna and Bruno" under one's own last message, in conversations small
 * enough to have read receipts (never in a group's chat).
 */
function useReceipt(c: Conversation, newest: Message | undefined, sending: boolean, meId: string): string | null {
  const { t, i18n } = useTranslation();
  if (!newest || sending || newest.author.id !== meId || c.kind === 'chat') return null;
  const others = c.members.filter((m) => m.user.id !== meId);
  const seen = others.filter((m) => m.lastReadMessageId !== null && m.lastReadMessageId >= newest.id).map((m) => m.user.name);
  if (seen.length === 0) return null;
  if (c.kind === 'direct') return t('messages.seen');
  if (seen.length === others.length) return t('messages.seenByEveryone');
  return t('messages.seenBy', { names: new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(seen) });
}
