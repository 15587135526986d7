import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { dismissToast, useToasts, type Toast } from '../lib/toasts';

const SHOWN_FOR_MS = 8_000;

/**
 * Notifications in the corner: a polite live region (read out once, never stealing the focus),
 * each with its link and a Dismiss button. They hide by themselves after a few seconds, but not
 * while the pointer or the focus is on them; Escape dismisses the focused one.
 */
export function Toasts() {
  const { t } = useTranslation();
  const toasts = useToasts();
  return (
    <section className="toasts" aria-label={t('toasts.label')}>
      <div className="toast-list" aria-live="polite" aria-relevant="additions text">
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} />
        ))}
      </div>
    </section>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const { t } = useTranslation();
  const [hover, setHover] = useState(false);
  const [focus, setFocus] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (hover || focus) return;
    const timer = window.setTimeout(() => dismissToast(toast.id), SHOWN_FOR_MS);
    return () => window.clearTimeout(timer);
  }, [hover, focus, toast.id]);

  /** Closing with the keyboard: the focus goes to the main content rather than nowhere. */
  const close = () => {
    const hadFocus = ref.current?.contains(document.activeElement) ?? false;
    dismissToast(toast.id);
    if (hadFocus) document.getElementById('main')?.focus({ preventScroll: true });
  };

  return (
    <div
      ref={ref}
      className="toast"
      onMouseEnter={() => setHover(true)}
      onMouseLeave={() => setHover(false)}
      onFocus={() => setFocus(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocus(false);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          close();
        }
      }}
    >
      <p className="toast-text">
        <span className="visually-hidden">{t('toasts.newMessage')} </span>
        {toast.to ? (
          <Link to={toast.to} className="toast-link" onClick={() => dismissToast(toast.id)}>
            <strong>{toast.title}</strong>
            <span className="toast-body">{toast.body}</span>
          </Link>
        ) : (
          <>
            <strong>{toast.title}</strong>
            <span className="toast-body">{toast.body}</span>
          </>
        )}
      </p>
      <button type="button" className="btn-icon toast-close" aria-label={t('toasts.dismiss')} onClick={close}>
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      </button>
    </div>
  );
}
