/**
 * Which conversation the person is looking at (a conversation pane is mounted and the tab is
 * shown): no toast for it, no unread count; it is marked read instead.
 */
const open = new Map<number, string>();
let nextToken = 0;

/** A pane shows this conversation; call the returned function when it goes. */
export function showingConversation(id: string): () => void {
  const token = ++nextToken;
  open.set(token, id);
  return () => {
    open.delete(token);
  };
}

export function isViewing(conversationId: string): boolean {
  if (typeof document !== 'undefined' && document.visibilityState !== 'visible') return false;
  for (const id of open.values()) if (id === conversationId) return true;
  return false;
}
