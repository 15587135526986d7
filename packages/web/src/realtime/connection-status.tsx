import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStreamStatus } from './use-stream';

/** Show "Reconnecting…" only after this long: a blip that heals at once is not worth a word. */
const SHOW_AFTER_MS = 3_000;
const BACK_FOR_MS = 4_000;

/**
 * A discreet note while the live connection is lost ("Reconnecting…"), and briefly when it is back.
 * A polite live region: screen readers hear it once, nothing moves on the page.
 */
export function ConnectionStatus() {
  const { t } = useTranslation();
  const status = useStreamStatus();
  const [shown, setShown] = useState<'lost' | 'back' | null>(null);
  const wasLost = useRef(false);

  useEffect(() => {
    if (status === 'reconnecting') {
      const timer = window.setTimeout(() => {
        wasLost.current = true;
        setShown('lost');
      }, SHOW_AFTER_MS);
      return () => window.clearTimeout(timer);
    }
    if (status === 'live' && wasLost.current) {
      wasLost.current = false;
      setShown('back');
      const timer = window.setTimeout(() => setShown(null), BACK_FOR_MS);
      return () => window.clearTimeout(timer);
    }
    if (status === 'idle') {
      wasLost.current = false;
      setShown(null);
    }
  }, [status]);

  return (
    <div className="connection-status" role="status">
      {shown && <span className={shown === 'lost' ? 'connection-pill is-lost' : 'connection-pill'}>{shown === 'lost' ? t('realtime.reconnecting') : t('realtime.reconnected')}</span>}
    </div>
  );
}
