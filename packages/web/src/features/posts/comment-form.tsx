import { useId, useState, type FormEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Comment } from '@atrium/contract';
import { ErrorNotice } from '../../components/error-notice';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { useDraft } from '../../lib/use-draft';
import { useSession } from '../session/use-session';
import { createComment } from './posts.api';
import { LATEST_COMMENTS, postKeys, updatePostEverywhere, type CommentPages } from './posts.cache';
import { MentionTextarea } from './mention-textarea';

let tempSeq = 0;

function appendComment(data: CommentPages | undefined, c: Comment): CommentPages | undefined {
  if (!data || data.pages.length === 0) return data;
  const pages = [...data.pages];
  const last = pages[pages.length - 1]!;
  pages[pages.length - 1] = { ...last, items: [...last.items, c] };
  return { ...data, pages };
}
function replaceComment(data: CommentPages | undefined, id: string, c: Comment | null): CommentPages | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((pg) => ({ ...pg, items: pg.items.flatMap((x) => (x.id === id ? (c ? [c] : []) : [x])) })) };
}

/** The comment box: the comment shows at once (marked "Sending…") and is reconciled with the server. */
export function CommentForm({ postId, textareaRef }: { postId: string; textareaRef?: Ref<HTMLTextAreaElement> }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { user: me } = useSession();
  const [body, setBody, clearBody] = useDraft(`comment.${postId}`);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const key = postKeys.comments(postId);

  const mutation = useMutation({
    mutationFn: (text: string) => createComment(postId, text),
    onMutate: (text) => {
      setError(null);
      const temp: Comment = {
        id: `pending-${++tempSeq}`,
        postId,
        author: me,
        body: text,
        html: '',
        createdAt: new Date().toISOString(),
        editedAt: null,
        canEdit: false,
        canDelete: false,
      };
      qc.setQueryData<CommentPages>(key, (d) => appendComment(d, temp));
      clearBody();
      return { tempId: temp.id, text };
    },
    onSuccess: (comment, _text, ctx) => {
      qc.setQueryData<CommentPages>(key, (d) => replaceComment(d, ctx.tempId, comment));
      // The stream may have brought it first (with the count already raised): count it once.
      updatePostEverywhere(qc, postId, (p) => {
        const known = p.latestComments.some((c) => c.id === comment.id);
        return {
          ...p,
          commentsCount: known ? p.commentsCount : p.commentsCount + 1,
          latestComments: known ? p.latestComments.map((c) => (c.id === comment.id ? comment : c)) : [...p.latestComments, comment].slice(-LATEST_COMMENTS),
        };
      });
      announce(t('comments.published'));
    },
    onError: (err, _text, ctx) => {
      if (ctx) {
        qc.setQueryData<CommentPages>(key, (d) => replaceComment(d, ctx.tempId, null));
        // Nothing typed is lost: the text comes back into the box.
        setBody(ctx.text);
      }
      setError(errorMessage(t, err));
    },
  });

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const text = body;
    if (!text.trim() || mutation.isPending) return;
    mutation.mutate(text);
  };

  return (
    <form className="comment-form" onSubmit={submit}>
      <MentionTextarea
        className="grow"
        value={body}
        onChange={(v) => {
          setBody(v);
          if (error) setError(null);
        }}
        label={t('comments.label')}
        placeholder={t('comments.placeholder')}
        onSubmit={submit}
        minRows={1}
        textareaRef={textareaRef}
        describedBy={error ? errorId : undefined}
      />
      <button type="submit" className="btn btn-secondary" disabled={!body.trim() || mutation.isPending}>
        {t('comments.send')}
      </button>
      {error && <ErrorNotice id={errorId} className="full-row" message={error} onRetry={() => submit()} />}
    </form>
  );
}
