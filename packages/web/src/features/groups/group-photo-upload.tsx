import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ImageUpload } from '../../components/image-upload';
import { announce } from '../../lib/announce';
import { GroupMark } from './group-mark';
import { uploadGroupPhoto, type Group } from './groups.api';
import { storeGroup } from './use-group';

/** Owners and managers: the group's picture, shown in the directory and on the group's page. */
export function GroupPhotoUpload({ group }: { group: Group }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const mutation = useMutation({
    mutationFn: (file: File) => uploadGroupPhoto(group.id, file),
    onSuccess: (g) => {
      // The group's page shows it at once; the directory's cards reload when next seen.
      storeGroup(qc, g);
      announce(t('groups.photo.saved'));
    },
  });

  return (
    <ImageUpload
      className="group-photo-upload"
      preview={<GroupMark group={group} size="lg" alt={t('groups.photo.of', { name: group.name })} />}
      mutation={mutation}
      texts={{
        choose: group.photoUrl ? t('groups.photo.change') : t('groups.photo.choose'),
        uploading: t('groups.photo.uploading'),
        hint: t('groups.photo.hint'),
        notImage: t('groups.photo.notImage'),
        tooLarge: t('groups.photo.tooLarge'),
      }}
    />
  );
}
