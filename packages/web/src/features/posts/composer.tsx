import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Avatar } from '../../components/avatar';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { useDraft } from '../../lib/use-draft';
import { useSession } from '../session/use-session';
import { createPost } from './posts.api';
import { postKeys, prependPost } from './posts.cache';
import { MentionTextarea } from './mention-textarea';

const MAX = 20_000;

interface Props {
  /** Post on this colleague's wall instead of one's own feed. */
  wallUser?: { id: string; name: string };
}

export function Composer({ wallUser }: Props) {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const qc = useQueryClient();
  const [body, setBody, clearBody] = useDraft(wallUser ? `wall.${wallUser.id}` : 'feed');
  const [error, setError] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const errorId = useId();

  const mutation = useMutation({
    mutationFn: () => createPost({ body, ...(wallUser ? { wallUserId: wallUser.id } : {}) }),
    onSuccess: (post) => {
      clearBody();
      setError(null);
      prependPost(qc, postKeys.feed, post);
      prependPost(qc, postKeys.wall(wallUser?.id ?? me.id), post);
      // Other lists (topics, walls) pick the post up when they are next shown.
      void qc.invalidateQueries({ queryKey: postKeys.all, refetchType: 'none' });
      announce(t('composer.published'));
      textarea.current?.focus();
    },
    onError: (err) => setError(errorMessage(t, err)),
  });

  const trimmed = body.trim();
  const tooLong = body.length > MAX;
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!trimmed || tooLong || mutation.isPending) return;
    mutation.mutate();
  };

  const label = wallUser ? t('composer.wallLabel', { name: wallUser.name }) : t('composer.label');
  return (
    <form className="card composer" onSubmit={submit} aria-label={t('composer.formLabel')}>
      <div className="composer-row">
        <Avatar user={me} size="md" />
        <MentionTextarea
          className="grow"
          value={body}
          onChange={(v) => {
            setBody(v);
            if (error) setError(null);
          }}
          label={label}
          placeholder={label}
          onSubmit={submit}
          textareaRef={textarea}
          invalid={tooLong}
          describedBy={[hintId, error ? errorId : ''].filter(Boolean).join(' ')}
        />
      </div>
      {error && (
        <div className="notice notice-danger" role="alert" id={errorId}>
          <p>{error}</p>
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => submit()}>
            {t('common.retry')}
          </button>
        </div>
      )}
      <div className="composer-footer">
        <p id={hintId} className="muted small">
          {wallUser ? t('composer.whereWall', { name: wallUser.name }) : t('composer.whereFeed')}
          {body.length > MAX - 1000 && (
            <span className={tooLong ? 'text-danger' : undefined}>
              {' · '}
              {t('composer.charsLeft', { count: MAX - body.length })}
            </span>
          )}
        </p>
        <button type="submit" className="btn btn-primary" disabled={!trimmed || tooLong || mutation.isPending} aria-busy={mutation.isPending}>
          {mutation.isPending ? t('composer.posting') : t('composer.post')}
        </button>
      </div>
    </form>
  );
}
