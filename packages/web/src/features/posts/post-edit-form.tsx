import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Post } from '@atrium/contract';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { updatePost } from './posts.api';
import { updatePostEverywhere } from './posts.cache';
import { MentionTextarea } from './mention-textarea';

/** Editing in place: Save or Cancel (Escape); the focus goes back to the post's menu afterwards. */
export function PostEditForm({ post, onDone }: { post: Post; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [body, setBody] = useState(post.body);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  const mutation = useMutation({
    mutationFn: () => updatePost(post.id, body),
    onSuccess: (updated) => {
      updatePostEverywhere(qc, post.id, () => updated);
      announce(t('posts.saved'));
      onDone();
    },
    onError: (err) => setError(errorMessage(t, err)),
  });

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!body.trim() || mutation.isPending) return;
    if (body === post.body) return onDone();
    mutation.mutate();
  };

  return (
    <form className="stack-sm" onSubmit={submit}>
      <MentionTextarea value={body} onChange={setBody} label={t('posts.editLabel')} onSubmit={submit} onEscape={onDone} textareaRef={ref} minRows={3} />
      {error && (
        <div className="notice notice-danger" role="alert">
          <p>{error}</p>
        </div>
      )}
      <div className="row gap-sm">
        <button type="submit" className="btn btn-primary" disabled={!body.trim() || mutation.isPending}>
          {t('common.save')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
