import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../components/dialog';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { deletePost } from './posts.api';
import { updatePostEverywhere } from './posts.cache';

export function DeletePostDialog({ postId, open, onClose, onDeleted }: { postId: string; open: boolean; onClose: () => void; onDeleted?: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: () => deletePost(postId),
    onSuccess: () => {
      onClose();
      announce(t('posts.deleted'));
      updatePostEverywhere(qc, postId, () => null);
      onDeleted?.();
    },
    onError: (err) => setError(errorMessage(t, err)),
  });
  return (
    <Dialog
      open={open}
      onClose={() => {
        setError(null);
        onClose();
      }}
      title={t('posts.deleteTitle')}
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-danger" onClick={() => mutation.mutate()} disabled={mutation.isPending}>
            {t('posts.deleteConfirm')}
          </button>
        </>
      }
    >
      <p>{t('posts.deleteBody')}</p>
      {error && (
        <div className="notice notice-danger" role="alert">
          <p>{error}</p>
        </div>
      )}
    </Dialog>
  );
}
