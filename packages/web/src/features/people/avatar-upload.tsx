import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MeResponse, User } from '@atrium/contract';
import { Avatar } from '../../components/avatar';
import { ImageUpload } from '../../components/image-upload';
import { announce } from '../../lib/announce';
import { meKey } from '../session/use-session';
import { uploadAvatar, userKeys } from './people.api';

export function AvatarUpload({ user }: { user: User }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const mutation = useMutation({
    mutationFn: (file: File) => uploadAvatar(user.id, file),
    onSuccess: (u) => {
      qc.setQueryData(userKeys.one(u.id), u);
      qc.setQueryData<MeResponse>(meKey, (me) => (me && me.user.id === u.id ? { ...me, user: u } : me));
      // Posts carry the author's avatar.
      void qc.invalidateQueries({ queryKey: ['posts'] });
      announce(t('profileEdit.photoSaved'));
    },
  });

  return (
    <ImageUpload
      className="avatar-upload"
      preview={<Avatar user={user} size="xl" alt={t('profile.photoOf', { name: user.name })} />}
      mutation={mutation}
      texts={{
        choose: t('profileEdit.photoChange'),
        uploading: t('profileEdit.photoUploading'),
        hint: t('profileEdit.photoHint'),
        notImage: t('profileEdit.photoNotImage'),
        tooLarge: t('profileEdit.photoTooLarge'),
      }}
    />
  );
}
