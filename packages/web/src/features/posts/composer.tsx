import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Group } from '@atrium/contract';
import { Avatar } from '../../components/avatar';
import { ErrorNotice } from '../../components/error-notice';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { useDraft } from '../../lib/use-draft';
import { GuestNotice } from '../groups/guest-notice';
import { useSession } from '../session/use-session';
import { AnnouncementOptions } from './announcement-options';
import { createPost, type NewPost } from './posts.api';
import { postKeys, prependPost } from './posts.cache';
import { MentionTextarea } from './mention-textarea';

const MAX = 20_000;

interface Props {
  /** Post on this colleague's wall instead of one's own feed. */
  wallUser?: { id: string; name: string };
  /** Post in this group (its members' feeds and its page). */
  group?: Group;
}

export function Composer({ wallUser, group }: Props) {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const qc = useQueryClient();
  const [body, setBody, clearBody] = useDraft(group ? `group.${group.id}` : wallUser ? `wall.${wallUser.id}` : 'feed');
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState(false);
  const [until, setUntil] = useState('');
  const [untilError, setUntilError] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const errorId = useId();
  const noticeId = useId();
  // Announcements: admins company-wide, a group's owners (and admins) in the group.
  const canAnnounce =
    !wallUser && me.kind === 'member' && (group ? me.role === 'admin' || group.myRole === 'owner' : me.role === 'admin');
  const guestsRead = !!group && (group.hasGuests || group.customer);

  const mutation = useMutation({
    mutationFn: (input: NewPost) => createPost(input),
    onSuccess: (post) => {
      clearBody();
      setError(null);
      setAnnouncement(false);
      setUntil('');
      prependPost(qc, postKeys.feed, post);
      prependPost(qc, postKeys.wall(wallUser?.id ?? me.id), post);
      if (group) prependPost(qc, postKeys.group(group.id), post);
      if (post.announcement) prependPost(qc, postKeys.announcements, post);
      // Other lists (topics, walls) pick the post up when they are next shown.
      void qc.invalidateQueries({ queryKey: postKeys.all, refetchType: 'none' });
      announce(post.announcement ? t('composer.publishedAnnouncement') : t('composer.published'));
      textarea.current?.focus();
    },
    onError: (err) => setError(errorMessage(t, err)),
  });

  const trimmed = body.trim();
  const tooLong = body.length > MAX;
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!trimmed || tooLong || mutation.isPending) return;
    let expires: string | undefined;
    if (announcement && until) {
      const at = new Date(until);
      if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now()) {
        setUntilError(t('composer.announceUntilPast'));
        return;
      }
      expires = at.toISOString();
    }
    setUntilError(null);
    mutation.mutate({
      body,
      ...(wallUser ? { wallUserId: wallUser.id } : {}),
      ...(group ? { groupId: group.id } : {}),
      ...(announcement ? { announcement: true, ...(expires ? { announcementExpiresAt: expires } : {}) } : {}),
    });
  };

  const label = group
    ? t('composer.groupLabel', { name: group.name })
    : wallUser
      ? t('composer.wallLabel', { name: wallUser.name })
      : t('composer.label');
  const where = group
    ? group.visibility === 'public'
      ? t('composer.whereGroupPublic', { name: group.name })
      : t('composer.whereGroupMembers', { name: group.name })
    : wallUser
      ? t('composer.whereWall', { name: wallUser.name })
      : t('composer.whereFeed');

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
          describedBy={[guestsRead ? noticeId : '', hintId, error ? errorId : ''].filter(Boolean).join(' ')}
        />
      </div>
      {guestsRead && <GuestNotice id={noticeId} hasGuests={group.hasGuests} where="composer" />}
      {canAnnounce && (
        <AnnouncementOptions
          checked={announcement}
          onCheck={(on) => {
            setAnnouncement(on);
            setUntilError(null);
          }}
          until={until}
          onUntil={(v) => {
            setUntil(v);
            setUntilError(null);
          }}
          inGroup={!!group}
          error={untilError}
        />
      )}
      {error && <ErrorNotice id={errorId} message={error} onRetry={() => submit()} />}
      <div className="composer-footer">
        <p id={hintId} className="muted small">
          {where}
          {body.length > MAX - 1000 && (
            <span className={tooLong ? 'text-danger' : undefined}>
              {' · '}
              {t('composer.charsLeft', { count: MAX - body.length })}
            </span>
          )}
        </p>
        <button type="submit" className="btn btn-primary" disabled={!trimmed || tooLong || mutation.isPending} aria-busy={mutation.isPending}>
          {mutation.isPending ? t('composer.posting') : announcement ? t('composer.postAnnouncement') : t('composer.post')}
        </button>
      </div>
    </form>
  );
}
