import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { GroupMark } from './group-mark';
import { uploadGroupPhoto, type Group } from './groups.api';
import { storeGroup } from './use-group';

const MAX_BYTES = 10 * 1024 * 1024;

/** Owners and managers: the group's picture, shown in the directory and on the group's page. */
export function GroupPhotoUpload({ group }: { group: Group }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);

  const mutation = useMutation({
    mutationFn: (file: File) => uploadGroupPhoto(group.id, file),
    onSuccess: (g) => {
      // The group's page shows it at once; the directory's cards reload when next seen.
      storeGroup(qc, g);
      announce(t('groups.photo.saved'));
    },
    onError: (err) =>
      setError(
        errorMessage(t, err, {
          unsupported_media_type: t('groups.photo.notImage'),
          payload_too_large: t('groups.photo.tooLarge'),
        }),
      ),
    // The input is disabled while uploading, which drops keyboard focus to the page: give it back.
    onSettled: () =>
      requestAnimationFrame(() => {
        if (document.activeElement === document.body) input.current?.focus();
      }),
  });

  return (
    <div className="group-photo-upload">
      <GroupMark group={group} size="lg" alt={t('groups.photo.of', { name: group.name })} />
      <div className="stack-xs">
        <input
          ref={input}
          id={inputId}
          type="file"
          className="file-input"
          accept="image/jpeg,image/png,image/webp,image/gif"
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          disabled={mutation.isPending}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            setError(null);
            if (file.size > MAX_BYTES) return setError(t('groups.photo.tooLarge'));
            mutation.mutate(file);
          }}
        />
        <label htmlFor={inputId} className="btn btn-secondary file-label">
          {mutation.isPending ? t('groups.photo.uploading') : group.photoUrl ? t('groups.photo.change') : t('groups.photo.choose')}
        </label>
        <p id={hintId} className="field-hint">
          {t('groups.photo.hint')}
        </p>
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
