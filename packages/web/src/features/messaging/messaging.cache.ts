import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { Conversation, Message, Page } from '@atrium/contract';

export type ConversationPages = InfiniteData<Page<Conversation>, string | undefined>;
/** Pages of messages as the server sends them: the first page holds the newest, each newest first. */
export type MessagePages = InfiniteData<Page<Message>, string | undefined>;

export const messagingKeys = {
  all: ['conversations'] as const,
  list: ['conversations', 'list'] as const,
  one: (id: string) => ['conversations', 'one', id] as const,
  groupChat: (groupId: string) => ['conversations', 'group', groupId] as const,
  messages: (conversationId: string) => ['messages', conversationId] as const,
};

/** Ids are ULIDs: they sort by creation time as plain strings. */
export const isAfter = (a: string | null | undefined, b: string | null | undefined) => !!a && (!b || a > b);

/**
 * A conversation lives in the list, in its own query and (a group's chat) under its group: apply
 * one change to every copy.
 */
export function updateConversation(qc: QueryClient, id: string, fn: (c: Conversation) => Conversation): void {
  qc.setQueryData<ConversationPages>(messagingKeys.list, (data) => {
    if (!data) return data;
    let changed = false;
    const pages = data.pages.map((pg) => {
      if (!pg.items.some((c) => c.id === id)) return pg;
      changed = true;
      return { ...pg, items: pg.items.map((c) => (c.id === id ? fn(c) : c)) };
    });
    return changed ? { ...data, pages } : data;
  });
  qc.setQueryData<Conversation>(messagingKeys.one(id), (c) => (c ? fn(c) : c));
  qc.setQueriesData<Conversation>({ queryKey: ['conversations', 'group'] }, (c) => (c && c.id === id ? fn(c) : c));
}

/** The server's fresh copy of a conversation (after marking read, say), everywhere. */
export function storeConversation(qc: QueryClient, conversation: Conversation): void {
  updateConversation(qc, conversation.id, () => conversation);
}

export function findConversation(qc: QueryClient, id: string): Conversation | undefined {
  const one = qc.getQueryData<Conversation>(messagingKeys.one(id));
  if (one) return one;
  for (const pg of qc.getQueryData<ConversationPages>(messagingKeys.list)?.pages ?? []) {
    const c = pg.items.find((x) => x.id === id);
    if (c) return c;
  }
  for (const [, c] of qc.getQueriesData<Conversation>({ queryKey: ['conversations', 'group'] })) if (c?.id === id) return c;
  return undefined;
}

/** Move a conversation with new activity to the top of the list; false when it isn't loaded there. */
function moveToTop(qc: QueryClient, id: string, fn: (c: Conversation) => Conversation): boolean {
  let found = false;
  qc.setQueryData<ConversationPages>(messagingKeys.list, (data) => {
    if (!data || data.pages.length === 0) return data;
    let conv: Conversation | undefined;
    const pages = data.pages.map((pg) => {
      const c = pg.items.find((x) => x.id === id);
      if (!c) return pg;
      conv = c;
      return { ...pg, items: pg.items.filter((x) => x.id !== id) };
    });
    if (!conv) return data;
    found = true;
    const [first, ...rest] = pages;
    return { ...data, pages: [{ ...first!, items: [fn(conv), ...first!.items] }, ...rest] };
  });
  return found;
}

/**
 * A query that has no data yet but is on its way may have been answered before this change: ask
 * again rather than miss it.
 */
function refetchIfLoading(qc: QueryClient, key: readonly unknown[]) {
  const state = qc.getQueryState(key);
  if (state && state.data === undefined && state.fetchStatus === 'fetching') void qc.invalidateQueries({ queryKey: key, exact: true });
}

/** Put a message into its conversation's loaded messages (newest first), once. */
export function insertMessage(qc: QueryClient, message: Message): void {
  const key = messagingKeys.messages(message.conversationId);
  refetchIfLoading(qc, key);
  qc.setQueryData<MessagePages>(key, (data) => {
    if (!data || data.pages.length === 0) return data;
    if (data.pages.some((pg) => pg.items.some((m) => m.id === message.id))) {
      return { ...data, pages: data.pages.map((pg) => ({ ...pg, items: pg.items.map((m) => (m.id === message.id ? message : m)) })) };
    }
    const [first, ...rest] = data.pages;
    const items = [...first!.items, message].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return { ...data, pages: [{ ...first!, items }, ...rest] };
  });
}

export function replaceMessage(qc: QueryClient, message: Message): void {
  qc.setQueryData<MessagePages>(messagingKeys.messages(message.conversationId), (data) =>
    data ? { ...data, pages: data.pages.map((pg) => ({ ...pg, items: pg.items.map((m) => (m.id === message.id ? message : m)) })) } : data,
  );
  updateConversation(qc, message.conversationId, (c) => (c.lastMessage?.id === message.id ? { ...c, lastMessage: message } : c));
}

export function removeMessage(qc: QueryClient, conversationId: string, messageId: string): void {
  qc.setQueryData<MessagePages>(messagingKeys.messages(conversationId), (data) =>
    data ? { ...data, pages: data.pages.map((pg) => ({ ...pg, items: pg.items.filter((m) => m.id !== messageId) })) } : data,
  );
  // The server decides what the last message and the unread count are now.
  const c = findConversation(qc, conversationId);
  if (!c || c.lastMessage?.id === messageId || c.unreadCount > 0) {
    void qc.invalidateQueries({ queryKey: messagingKeys.list });
    void qc.invalidateQueries({ queryKey: messagingKeys.one(conversationId) });
    void qc.invalidateQueries({ queryKey: ['conversations', 'group'] });
  }
}

/**
 * A new message (from the stream, or the answer to one's own send): into the messages, and the
 * conversation moves up with its preview. Unread counts rise unless it is one's own or the person
 * is looking at the conversation (which marks it read).
 */
export function applyNewMessage(qc: QueryClient, message: Message, opts: { meId: string; viewing: boolean }): void {
  insertMessage(qc, message);
  const mine = message.author.id === opts.meId;
  const patch = (c: Conversation): Conversation => {
    if (c.lastMessage && c.lastMessage.id > message.id) return c;
    const known = c.lastMessage?.id === message.id;
    return {
      ...c,
      lastMessage: message,
      lastMessageAt: message.createdAt,
      unreadCount: mine ? 0 : known || opts.viewing ? c.unreadCount : c.unreadCount + 1,
      lastReadMessageId: mine ? message.id : c.lastReadMessageId,
      members: mine ? c.members.map((m) => (m.user.id === opts.meId ? { ...m, lastReadMessageId: message.id } : m)) : c.members,
    };
  };
  const inList = moveToTop(qc, message.conversationId, patch);
  qc.setQueryData<Conversation>(messagingKeys.one(message.conversationId), (c) => (c ? patch(c) : c));
  qc.setQueriesData<Conversation>({ queryKey: ['conversations', 'group'] }, (c) => (c && c.id === message.conversationId ? patch(c) : c));
  refetchIfLoading(qc, messagingKeys.list);
  // A conversation new to this person, or one further down than the loaded pages.
  if (!inList) void qc.invalidateQueries({ queryKey: messagingKeys.list });
}

/** Someone's read position moved: one's own (another tab) or a read receipt. */
export function applyRead(qc: QueryClient, ev: { conversationId: string; userId: string; messageId: string }, meId: string): void {
  let stale = false;
  updateConversation(qc, ev.conversationId, (c) => {
    const members = c.members.map((m) =>
      m.user.id === ev.userId && isAfter(ev.messageId, m.lastReadMessageId) ? { ...m, lastReadMessageId: ev.messageId } : m,
    );
    if (ev.userId !== meId) return { ...c, members };
    const readAll = !c.lastMessage || !isAfter(c.lastMessage.id, ev.messageId);
    if (!readAll) stale = true;
    return {
      ...c,
      members,
      lastReadMessageId: isAfter(ev.messageId, c.lastReadMessageId) ? ev.messageId : c.lastReadMessageId,
      unreadCount: readAll ? 0 : c.unreadCount,
    };
  });
  if (stale) void qc.invalidateQueries({ queryKey: messagingKeys.list });
}

/** How many conversations have something unread (among those loaded). */
export function unreadConversations(data: { pages: Page<Conversation>[] } | undefined): number {
  const seen = new Set<string>();
  for (const pg of data?.pages ?? []) for (const c of pg.items) if (c.unreadCount > 0) seen.add(c.id);
  return seen.size;
}
