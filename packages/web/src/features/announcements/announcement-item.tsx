import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Post } from '@atrium/contract';
import { Icon } from '../../components/icons';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { formatDateTime } from '../../lib/time';
import { PostCard } from '../posts/post-card';
import { dismissAnnouncement } from '../posts/posts.api';
import { postKeys, type PostPages } from '../posts/posts.cache';

/** One announcement: marked as such (icon and word), with its end date and a Dismiss button. */
export function AnnouncementItem({ post, hideGroup = false }: { post: Post; hideGroup?: boolean }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const expiresAt = post.announcement?.expiresAt;

  const mutation = useMutation({
    mutationFn: () => dismissAnnouncement(post.id),
    onMutate: () => setError(null),
    onSuccess: () => {
      qc.setQueryData<PostPages>(postKeys.announcements, (d) =>
        d ? { ...d, pages: d.pages.map((pg) => ({ ...pg, items: pg.items.filter((p) => p.id !== post.id) })) } : d,
      );
      announce(t('announcements.dismissed'));
      // The announcement is gone: the page's heading takes the focus.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
    },
    onError: (err) => setError(errorMessage(t, err)),
  });

  return (
    <div className="announcement">
      <div className="announcement-bar">
        <Icon name="megaphone" />
        <p className="grow">
          <strong>{t('announcements.label')}</strong>
          {expiresAt && <span className="muted small"> · {t('announcements.until', { date: formatDateTime(expiresAt, i18n.language) })}</span>}
        </p>
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => mutation.mutate()} disabled={mutation.isPending}>
          {t('announcements.dismiss')}
          <span className="visually-hidden"> {t('announcements.dismissWhich', { name: post.author.name })}</span>
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <PostCard post={post} headingLevel={3} hideGroup={hideGroup} />
    </div>
  );
}
