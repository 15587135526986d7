import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Comment } from '@atrium/contract';
import { Avatar } from '../../components/avatar';
import { Dialog } from '../../components/dialog';
import { Icon } from '../../components/icons';
import { MenuButton, type MenuEntry } from '../../components/menu';
import { RelativeTime } from '../../components/relative-time';
import { RichHtml } from '../../components/rich-html';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { deleteComment, updateComment } from './posts.api';
import { isCommentShown, postKeys, updatePostEverywhere, type CommentPages } from './posts.cache';
import { MentionTextarea } from './mention-textarea';

function replaceIn(data: CommentPages | undefined, id: string, c: Comment | null): CommentPages | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((pg) => ({ ...pg, items: pg.items.flatMap((x) => (x.id === id ? (c ? [c] : []) : [x])) })) };
}

interface Props {
  comment: Comment;
  pending?: boolean;
  /** On the permalink: `id="comment-…"`, the target of links to this comment (notifications). */
  anchor?: boolean;
  /** The link that brought the reader here points at this comment: set it apart. */
  targeted?: boolean;
}

export function CommentItem({ comment, pending, anchor, targeted }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(comment.body);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const menuWrap = useRef<HTMLDivElement>(null);
  const key = postKeys.comments(comment.postId);

  const save = useMutation({
    mutationFn: () => updateComment(comment.id, draft),
    onSuccess: (c) => {
      qc.setQueryData<CommentPages>(key, (d) => replaceIn(d, comment.id, c));
      updatePostEverywhere(qc, comment.postId, (p) => ({ ...p, latestComments: p.latestComments.map((x) => (x.id === c.id ? c : x)) }));
      setEditing(false);
      announce(t('comments.saved'));
      requestAnimationFrame(() => menuWrap.current?.querySelector<HTMLElement>('button')?.focus());
    },
    onError: (err) => setError(errorMessage(t, err)),
  });
  const remove = useMutation({
    mutationFn: () => deleteComment(comment.id),
    onSuccess: () => {
      setConfirm(false);
      // The stream may have removed it first (and set the count): count it once.
      const present = isCommentShown(qc, comment.postId, comment.id);
      qc.setQueryData<CommentPages>(key, (d) => replaceIn(d, comment.id, null));
      updatePostEverywhere(qc, comment.postId, (p) => ({
        ...p,
        commentsCount: present ? Math.max(0, p.commentsCount - 1) : p.commentsCount,
        latestComments: p.latestComments.filter((x) => x.id !== comment.id),
      }));
      announce(t('comments.deleted'));
    },
    onError: (err) => setError(errorMessage(t, err)),
  });

  const entries: MenuEntry[] = [];
  if (comment.canEdit) entries.push({ kind: 'item', label: t('posts.edit'), onSelect: () => { setDraft(comment.body); setEditing(true); } });
  if (comment.canDelete) entries.push({ kind: 'item', label: t('posts.delete'), onSelect: () => setConfirm(true), danger: true });

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!draft.trim() || save.isPending) return;
    setError(null);
    save.mutate();
  };

  return (
    <div
      id={anchor ? `comment-${comment.id}` : undefined}
      className={['comment', pending && 'is-pending', targeted && 'is-target'].filter(Boolean).join(' ')}
    >
      <Avatar user={comment.author} size="sm" />
      <div className="comment-main">
        <div className="comment-head">
          <Link to={`/people/${comment.author.id}`} className="author-link">
            {comment.author.name}
          </Link>
          {comment.author.kind === 'guest' && <span className="badge">{t('people.external')}</span>}
          <span className="muted small">
            {pending ? t('comments.sending') : <RelativeTime iso={comment.createdAt} />}
            {comment.editedAt && ` · ${t('posts.edited')}`}
          </span>
          {!pending && entries.length > 0 && (
            <div ref={menuWrap} className="comment-menu">
              <MenuButton label={t('comments.moreActions', { name: comment.author.name })} button={<Icon name="more" size={18} />} entries={entries} />
            </div>
          )}
        </div>
        {editing ? (
          <form className="stack-sm" onSubmit={submit}>
            <MentionTextarea value={draft} onChange={setDraft} label={t('comments.editLabel')} onSubmit={submit} onEscape={() => setEditing(false)} minRows={2} />
            <div className="row gap-sm">
              <button type="submit" className="btn btn-primary btn-sm" disabled={!draft.trim() || save.isPending}>
                {t('common.save')}
              </button>
              <button type="button" className="btn btn-secondary btn-sm" onClick={() => setEditing(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        ) : pending ? (
          <p className="comment-body pre-wrap">{comment.body}</p>
        ) : (
          <RichHtml html={comment.html} className="comment-body" />
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {entries.length > 0 && (
        <Dialog
          open={confirm}
          onClose={() => setConfirm(false)}
          title={t('comments.deleteTitle')}
          footer={
            <>
              <button type="button" className="btn btn-secondary" onClick={() => setConfirm(false)}>
                {t('common.cancel')}
              </button>
              <button type="button" className="btn btn-danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
                {t('comments.deleteConfirm')}
              </button>
            </>
          }
        >
          <p>{t('comments.deleteBody')}</p>
        </Dialog>
      )}
    </div>
  );
}
