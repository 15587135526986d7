import { useSyncExternalStore } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { UserSummary } from '@atrium/contract';
import { newClientId, sendMessage } from './messaging.api';
import { applyNewMessage } from './messaging.cache';
import { isViewing } from './viewing';

/**
 * Messages on their way: shown at once at the bottom of the conversation ("Sending…"), and kept
 * with "Not sent — Try again" when the send fails. A retry reuses the clientId, so the server
 * never stores the message twice; the server's copy (by answer or by stream) replaces this one.
 */
export interface Outgoing {
  clientId: string;
  conversationId: string;
  author: UserSummary;
  body: string;
  createdAt: string;
  status: 'sending' | 'failed';
  error: unknown;
}

const byConversation = new Map<string, Outgoing[]>();
const listeners = new Set<() => void>();
const EMPTY: Outgoing[] = [];

function set(conversationId: string, fn: (list: Outgoing[]) => Outgoing[]) {
  const next = fn(byConversation.get(conversationId) ?? EMPTY);
  if (next.length) byConversation.set(conversationId, next);
  else byConversation.delete(conversationId);
  listeners.forEach((l) => l());
}

async function deliver(qc: QueryClient, item: Outgoing) {
  try {
    const message = await sendMessage(item.conversationId, item.body, item.clientId);
    applyNewMessage(qc, message, { meId: item.author.id, viewing: isViewing(item.conversationId) });
    set(item.conversationId, (list) => list.filter((o) => o.clientId !== item.clientId));
  } catch (error) {
    set(item.conversationId, (list) => list.map((o) => (o.clientId === item.clientId ? { ...o, status: 'failed', error } : o)));
  }
}

export function sendOutgoing(qc: QueryClient, conversationId: string, author: UserSummary, body: string): void {
  const item: Outgoing = {
    clientId: newClientId(),
    conversationId,
    author,
    body,
    createdAt: new Date().toISOString(),
    status: 'sending',
    error: null,
  };
  set(conversationId, (list) => [...list, item]);
  void deliver(qc, item);
}

export function retryOutgoing(qc: QueryClient, item: Outgoing): void {
  const again = { ...item, status: 'sending' as const, error: null };
  set(item.conversationId, (list) => list.map((o) => (o.clientId === item.clientId ? again : o)));
  void deliver(qc, again);
}

export function discardOutgoing(item: Outgoing): void {
  set(item.conversationId, (list) => list.filter((o) => o.clientId !== item.clientId));
}

/** The server's copy arrived by stream (even if the answer to the send was lost): this one is done. */
export function settleOutgoing(conversationId: string, clientId: string | null): void {
  if (!clientId || !byConversation.get(conversationId)?.some((o) => o.clientId === clientId)) return;
  set(conversationId, (list) => list.filter((o) => o.clientId !== clientId));
}

/** Signed out: nothing of the last person's may show. */
export function clearOutbox(): void {
  byConversation.clear();
  listeners.forEach((l) => l());
}

const subscribe = (fn: () => void) => {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
};

export function useOutbox(conversationId: string): Outgoing[] {
  return useSyncExternalStore(
    subscribe,
    () => byConversation.get(conversationId) ?? EMPTY,
    () => EMPTY,
  );
}
