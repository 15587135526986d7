import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { meKey, useSession } from '../features/session/use-session';
import { useUnreadConversations } from '../features/messaging/use-conversations';
import { useUnreadNotifications } from '../features/notifications/use-notifications';
import { clearOutbox } from '../features/messaging/outbox';
import { clearToasts } from '../lib/toasts';
import { setUnreadInTitle } from '../lib/title';
import { Toasts } from '../components/toasts';
import { ConnectionStatus } from './connection-status';
import { syncCache } from './cache-sync';
import { clearPresence } from './presence';
import { stream } from './stream';
import { clearTyping } from './typing';

/**
 * The signed-in person's live layer, mounted by the shell: the tab's stream (opened here, closed
 * when the shell goes on sign-out), its events into the query cache, the unread count in the tab's
 * title (conversations with unread messages plus unread notifications), the connection status
 * and the message toasts.
 */
export function RealtimeRoot() {
  const qc = useQueryClient();
  const { user } = useSession();
  const unreadConversations = useUnreadConversations();
  const unreadNotifications = useUnreadNotifications();
  const unread = unreadConversations + unreadNotifications;

  useEffect(() => {
    const off = syncCache(qc, user.id);
    // The session ended (sign-out elsewhere, password change, deactivation): ask /me, which
    // answers 401 and sends the person to the login page.
    stream.onSessionEnded = () => void qc.resetQueries({ queryKey: meKey });
    stream.onConnectFailing = () => void qc.invalidateQueries({ queryKey: meKey });
    stream.start();
    return () => {
      off();
      stream.onSessionEnded = null;
      stream.onConnectFailing = null;
      stream.stop();
      clearPresence();
      clearTyping();
      clearOutbox();
      clearToasts();
    };
  }, [qc, user.id]);

  useEffect(() => {
    setUnreadInTitle(unread);
  }, [unread]);
  useEffect(() => () => setUnreadInTitle(0), []);

  return (
    <>
      <ConnectionStatus />
      <Toasts />
    </>
  );
}
