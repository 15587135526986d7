import { useTranslation } from 'react-i18next';
import { usePresence } from '../../realtime/presence';

/**
 * A person's presence on his avatar: a filled green dot (online) or a hollow grey ring (offline),
 * with the word for screen readers — never the colour alone.
 */
export function PresenceDot({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const status = usePresence(userId);
  if (!status) return null;
  return (
    <span className={`presence presence-${status}`}>
      <span className="presence-dot" aria-hidden="true" />
      <span className="visually-hidden">, {t(`presence.${status}`)}</span>
    </span>
  );
}

/** "Online" / "Offline" in words, for the head of a direct conversation. */
export function PresenceText({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const status = usePresence(userId);
  if (!status) return null;
  return (
    <span className={`presence-text presence-${status}`}>
      <span className="presence-dot" aria-hidden="true" />
      {t(`presence.${status}Long`)}
    </span>
  );
}
