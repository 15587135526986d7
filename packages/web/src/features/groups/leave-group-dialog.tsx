import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../components/dialog';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { useSession } from '../session/use-session';
import { postKeys } from '../posts/posts.cache';
import { groupKeys, removeMember, type Group } from './groups.api';
import { refreshGroup } from './use-group';

/** Leaving is confirmed first; the last owner is told to appoint another one. */
export function LeaveGroupDialog({ group, open, onClose }: { group: Group; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { user: me } = useSession();
  const [error, setError] = useState<string | null>(null);
  // Afterwards the group may not exist for him any more (unlisted, or he is from outside).
  const gone = group.visibility === 'unlisted' || me.kind === 'guest';

  const mutation = useMutation({
    mutationFn: () => removeMember(group.id, me.id),
    onSuccess: () => {
      onClose();
      announce(t('groups.left', { name: group.name }));
      void qc.invalidateQueries({ queryKey: postKeys.feed });
      if (gone) {
        qc.removeQueries({ queryKey: groupKeys.one(group.id) });
        void qc.invalidateQueries({ queryKey: ['groups', 'list'] });
        void navigate('/groups', { replace: true });
      } else {
        refreshGroup(qc, group.id);
        void qc.invalidateQueries({ queryKey: postKeys.group(group.id) });
      }
    },
    onError: (err) => setError(errorMessage(t, err, { conflict: t('groups.lastOwner') })),
  });

  const close = () => {
    setError(null);
    onClose();
  };

  const body =
    me.kind === 'guest'
      ? t('groups.leaveBodyGuest')
      : group.visibility === 'public'
        ? t('groups.leaveBodyPublic')
        : t('groups.leaveBodyPrivate');

  return (
    <Dialog
      open={open}
      onClose={close}
      title={t('groups.leaveTitle', { name: group.name })}
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={close}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-danger" onClick={() => mutation.mutate()} disabled={mutation.isPending}>
            {t('groups.leave')}
          </button>
        </>
      }
    >
      <p>{body}</p>
      {error && (
        <div className="notice notice-danger" role="alert">
          <p>{error}</p>
        </div>
      )}
    </Dialog>
  );
}
