import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MeResponse, User } from '@atrium/contract';
import { Avatar } from '../../components/avatar';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { meKey } from '../session/use-session';
import { uploadAvatar, userKeys } from './people.api';

const MAX_BYTES = 10 * 1024 * 1024;

export function AvatarUpload({ user }: { user: User }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);

  const mutation = useMutation({
    mutationFn: (file: File) => uploadAvatar(user.id, file),
    onSuccess: (u) => {
      qc.setQueryData(userKeys.one(u.id), u);
      qc.setQueryData<MeResponse>(meKey, (me) => (me && me.user.id === u.id ? { ...me, user: u } : me));
      // Posts carry the author's avatar.
      void qc.invalidateQueries({ queryKey: ['posts'] });
      announce(t('profileEdit.photoSaved'));
    },
    onError: (err) =>
      setError(
        errorMessage(t, err, {
          unsupported_media_type: t('profileEdit.photoNotImage'),
          payload_too_large: t('profileEdit.photoTooLarge'),
        }),
      ),
  });

  return (
    <div className="avatar-upload">
      <Avatar user={user} size="xl" alt={t('profile.photoOf', { name: user.name })} />
      <div className="stack-xs">
        <input
          ref={input}
          id={inputId}
          type="file"
          className="file-input"
          accept="image/jpeg,image/png,image/webp,image/gif"
          disabled={mutation.isPending}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            setError(null);
            if (file.size > MAX_BYTES) return setError(t('profileEdit.photoTooLarge'));
            mutation.mutate(file);
          }}
        />
        <label htmlFor={inputId} className="btn btn-secondary file-label">
          {mutation.isPending ? t('profileEdit.photoUploading') : t('profileEdit.photoChange')}
        </label>
        <p className="field-hint">{t('profileEdit.photoHint')}</p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
