import { useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Post } from '@atrium/contract';
import { Avatar } from '../../components/avatar';
import { Icon } from '../../components/icons';
import { MenuButton, type MenuEntry } from '../../components/menu';
import { RelativeTime } from '../../components/relative-time';
import { announce } from '../../lib/announce';
import { CommentItem } from './comment-item';
import { CommentsSection } from './comments-section';
import { copyText } from './copy-link';
import { DeletePostDialog } from './delete-post-dialog';
import { LikeButton } from './like-button';
import { PostBody } from './post-body';
import { PostEditForm } from './post-edit-form';

interface Props {
  post: Post;
  headingLevel?: 2 | 3;
  /** On the permalink: no folding, all comments open. */
  permalink?: boolean;
  onDeleted?: () => void;
  /** Leave out "in {group}" (on the group's own page). */
  hideGroup?: boolean;
}

export function PostCard({ post, headingLevel = 2, permalink = false, onDeleted, hideGroup = false }: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [commentsOpen, setCommentsOpen] = useState(false);
  const menuWrap = useRef<HTMLDivElement>(null);
  const commentBox = useRef<HTMLTextAreaElement | null>(null);
  const headId = useId();
  const commentsId = useId();
  const H = `h${headingLevel}` as 'h2';
  const a = post.author;
  const onWall = post.wallUser && post.wallUser.id !== a.id ? post.wallUser : null;

  const focusMenu = () => menuWrap.current?.querySelector<HTMLElement>('button')?.focus();

  const entries: MenuEntry[] = [];
  if (post.canEdit) entries.push({ kind: 'item', label: t('posts.edit'), onSelect: () => setEditing(true) });
  if (post.canDelete) entries.push({ kind: 'item', label: t('posts.delete'), onSelect: () => setConfirmDelete(true), danger: true });
  entries.push({
    kind: 'item',
    label: t('posts.copyLink'),
    onSelect: () => {
      void copyText(`${window.location.origin}/posts/${post.id}`).then((ok) => announce(ok ? t('posts.linkCopied') : t('posts.linkNotCopied')));
    },
  });

  const toggleComments = () => {
    const next = !commentsOpen;
    setCommentsOpen(next);
    if (next) requestAnimationFrame(() => commentBox.current?.focus());
  };

  return (
    <article className="card post" aria-labelledby={headId}>
      <header className="post-head">
        <Avatar user={a} />
        <div className="post-meta">
          <H className="post-author" id={headId}>
            <Link to={`/people/${a.id}`} className="author-link">
              {a.name}
            </Link>
            {a.kind === 'guest' && <span className="badge">{t('people.external')}</span>}
            {onWall && (
              <span className="post-where">
                {' '}
                {t('posts.onWall.before')}
                <Link to={`/people/${onWall.id}`}>{t('posts.onWall.link', { name: onWall.name })}</Link>
                {t('posts.onWall.after')}
              </span>
            )}
            {post.group && !hideGroup && (
              <span className="post-where">
                {' '}
                {t('posts.inGroup.before')}
                <Link to={`/groups/${post.group.id}`}>{post.group.name}</Link>
                {t('posts.inGroup.after')}
              </span>
            )}
          </H>
          <p className="muted small post-sub">
            {[a.title, a.department].filter(Boolean).join(' · ')}
            {(a.title || a.department) && ' · '}
            <Link to={`/posts/${post.id}`} className="muted-link">
              <RelativeTime iso={post.createdAt} />
            </Link>
            {post.editedAt && <span> · {t('posts.edited')}</span>}
            {post.announcement && <span> · {t('posts.announcement')}</span>}
          </p>
        </div>
        <div ref={menuWrap} className="post-menu">
          <MenuButton label={t('posts.moreActions', { name: a.name })} button={<Icon name="more" />} entries={entries} />
        </div>
      </header>

      {editing ? (
        <PostEditForm
          post={post}
          onDone={() => {
            setEditing(false);
            requestAnimationFrame(focusMenu);
          }}
        />
      ) : (
        <PostBody html={post.html} fold={!permalink} />
      )}

      <div className="post-actions">
        <LikeButton post={post} />
        {!permalink && (
          <button type="button" className="action" aria-expanded={commentsOpen} aria-controls={commentsId} onClick={toggleComments}>
            <Icon name="comment" />
            <span>{t('posts.comment')}</span>
            {post.commentsCount > 0 && (
              <>
                <span className="action-count" aria-hidden="true">
                  {post.commentsCount}
                </span>
                <span className="visually-hidden">{t('posts.commentsCount', { count: post.commentsCount })}</span>
              </>
            )}
          </button>
        )}
      </div>

      {(permalink || commentsOpen) && (
        <CommentsSection
          id={commentsId}
          postId={post.id}
          commentsCount={post.commentsCount}
          mode={permalink ? 'full' : 'preview'}
          textareaRef={commentBox}
          headingLevel={permalink ? 2 : 3}
        />
      )}
      {!permalink && !commentsOpen && (
        <div id={commentsId} className="comments" hidden={post.latestComments.length === 0}>
          {post.commentsCount > post.latestComments.length && (
            <button type="button" className="btn-link" onClick={() => setCommentsOpen(true)}>
              {t('comments.showEarlier', { count: post.commentsCount - post.latestComments.length })}
            </button>
          )}
          {post.latestComments.length > 0 && (
            <ol className="list-plain comment-list">
              {post.latestComments.map((c) => (
                <li key={c.id}>
                  <CommentItem comment={c} pending={false} />
                </li>
              ))}
            </ol>
          )}
        </div>
      )}

      <DeletePostDialog
        postId={post.id}
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        onDeleted={() => {
          onDeleted?.();
          window.setTimeout(() => document.querySelector<HTMLElement>('main h1')?.focus(), 0);
        }}
      />
    </article>
  );
}
