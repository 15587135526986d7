import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { Notification } from '@atrium/contract';
import { Avatar } from '../../components/avatar';
import { ErrorNotice } from '../../components/error-notice';
import { Icon } from '../../components/icons';
import { LoadMore } from '../../components/load-more';
import { RelativeTime } from '../../components/relative-time';
import { AvatarRowsSkeleton } from '../../components/skeleton';
import { markReadUpTo } from './notifications.cache';
import { NAME_MARK, notificationSentence, notificationTarget } from './notification-text';
import { useNotifications, useUnreadNotifications } from './use-notifications';

/**
 * The bell in the top bar: the unread count as a badge (and in the button's name), and a panel
 * with the notifications, newest first. Opening the panel marks everything it shows as read; what
 * was unread keeps its "new" mark while the panel stays open. The panel is a non-modal dialog:
 * Escape (or the close button) closes it and the focus returns to the bell; a click outside, or the
 * focus moving elsewhere, closes it too; following one of its links closes it.
 */
export function NotificationsBell() {
  const { t } = useTranslation();
  const unread = useUnreadNotifications();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const { key, pathname } = useLocation();

  // Another page: the panel has done its job.
  useEffect(() => setOpen(false), [key]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!wrapRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const label = unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell');
  return (
    <div
      ref={wrapRef}
      className="bell-wrap"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.preventDefault();
          e.stopPropagation();
          close(true);
        }
      }}
      onBlur={(e) => {
        // Focus lost to nothing (a button that went away) keeps it open; focus gone elsewhere closes it.
        const next = e.relatedTarget as Node | null;
        if (open && next && !e.currentTarget.contains(next)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="btn-icon bell-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={label}
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="bell" size={22} />
        {unread > 0 && (
          <span className="bell-badge" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <NotificationsPanel
          id={panelId}
          onClose={() => close(true)}
          onFollow={(to) => {
            // Another page takes the focus to its heading; the same page leaves it with the bell.
            const samePage = new URL(to, window.location.href).pathname === pathname;
            close(samePage);
          }}
        />
      )}
    </div>
  );
}

interface PanelProps {
  id: string;
  onClose: () => void;
  onFollow: (to: string) => void;
}

function NotificationsPanel({ id, onClose, onFollow }: PanelProps) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const query = useNotifications();
  const unread = useUnreadNotifications();
  const headId = useId();
  const headRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => headRef.current?.focus(), []);

  const seen = new Set<string>();
  const items = (query.data?.pages ?? []).flatMap((p) => p.items).filter((n) => !seen.has(n.id) && seen.add(n.id));
  const newest = items.reduce<string | null>((m, n) => (m === null || n.id > m ? n.id : m), null);
  const hasUnread = items.some((n) => !n.readAt);

  // What was unread when shown stays marked "new" while the panel is open.
  const unreadIds = items.filter((n) => !n.readAt).map((n) => n.id).join(',');
  const [fresh, setFresh] = useState<ReadonlySet<string>>(() => new Set());
  useEffect(() => {
    if (!unreadIds) return;
    setFresh((prev) => {
      const ids = unreadIds.split(',').filter((x) => !prev.has(x));
      return ids.length ? new Set([...prev, ...ids]) : prev;
    });
  }, [unreadIds]);

  // Shown is read: everything up to the newest one here (again when a newer one arrives).
  const marked = useRef<string | null>(null);
  useEffect(() => {
    if (!newest) return;
    if (!hasUnread && (unread === 0 || query.isFetching)) return;
    if (marked.current !== null && marked.current >= newest) return;
    marked.current = newest;
    void markReadUpTo(qc, newest);
  }, [newest, hasUnread, unread, query.isFetching, qc]);

  return (
    <div id={id} role="dialog" aria-labelledby={headId} className="notifications-panel">
      <div className="notifications-head">
        <h2 id={headId} ref={headRef} tabIndex={-1} className="notifications-title">
          {t('notifications.title')}
        </h2>
        <button type="button" className="btn-icon notifications-close" aria-label={t('notifications.close')} onClick={onClose}>
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      <div className="notifications-body">
        {query.isPending ? (
          <AvatarRowsSkeleton rowClassName="notification-item" avatar="var(--avatar-md)" widths={['75%', '50%']} />
        ) : query.isError && !query.data ? (
          <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />
        ) : items.length === 0 ? (
          <p className="muted notifications-empty">{t('notifications.empty')}</p>
        ) : (
          <ul className="list-plain notification-items">
            {items.map((n) => (
              <li key={n.id}>
                <NotificationItem notification={n} isNew={!n.readAt || fresh.has(n.id)} onFollow={onFollow} />
              </li>
            ))}
          </ul>
        )}
        <LoadMore
          hasMore={query.hasNextPage}
          loading={query.isFetchingNextPage}
          onLoad={() => void query.fetchNextPage()}
          label={t('notifications.loadMore')}
        />
      </div>
    </div>
  );
}

function NotificationItem({ notification: n, isNew, onFollow }: { notification: Notification; isNew: boolean; onFollow: (to: string) => void }) {
  const { t } = useTranslation();
  const name = n.actor?.name ?? t('notifications.someone');
  const parts = notificationSentence(n, t).split(NAME_MARK);
  const to = notificationTarget(n);
  const cls = isNew ? 'notification-item is-unread' : 'notification-item';
  const content = (
    <>
      {n.actor ? <Avatar user={n.actor} /> : <span className="avatar avatar-md notification-no-actor" aria-hidden="true" />}
      <span className="notification-text">
        {isNew && <span className="visually-hidden">{t('notifications.new')}: </span>}
        <span className="notification-sentence">
          {parts[0]}
          {parts.length > 1 && (
            <>
              <strong>{name}</strong>
              {parts.slice(1).join(name)}
            </>
          )}
        </span>
        {n.post?.excerpt && <span className="notification-excerpt">{t('notifications.quoted', { text: n.post.excerpt })}</span>}
        <span className="notification-time">
          <RelativeTime iso={n.createdAt} />
        </span>
      </span>
      {isNew && <span className="notification-dot" aria-hidden="true" />}
    </>
  );
  return to ? (
    <Link to={to} className={cls} onClick={() => onFollow(to)}>
      {content}
    </Link>
  ) : (
    <div className={cls}>{content}</div>
  );
}
