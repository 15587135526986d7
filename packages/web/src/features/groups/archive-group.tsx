import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../components/dialog';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { updateGroup, type Group } from './groups.api';
import { storeGroup } from './use-group';

/** Archive (read-only, kept) after a confirmation, or bring an archived group back. */
export function ArchiveGroup({ group }: { group: Group }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const headId = useId();
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const mutation = useMutation({
    mutationFn: (archived: boolean) => updateGroup(group.id, { archived }),
    onMutate: () => setError(null),
    onSuccess: (g) => {
      setConfirm(false);
      storeGroup(qc, g);
      announce(g.archived ? t('groups.archive.done', { name: g.name }) : t('groups.archive.undone', { name: g.name }));
      requestAnimationFrame(() => document.getElementById(headId)?.focus());
    },
    onError: (err) => setError(errorMessage(t, err)),
  });

  return (
    <section className="card stack-sm" aria-labelledby={headId}>
      <h2 id={headId} className="section-title" tabIndex={-1}>
        {t('groups.archive.title')}
      </h2>
      <p>{group.archived ? t('groups.archive.bodyArchived') : t('groups.archive.body')}</p>
      <div>
        {group.archived ? (
          <button type="button" className="btn btn-secondary" onClick={() => mutation.mutate(false)} disabled={mutation.isPending}>
            {t('groups.archive.unarchive')}
          </button>
        ) : (
          <button type="button" className="btn btn-secondary" onClick={() => setConfirm(true)}>
            {t('groups.archive.archive')}
          </button>
        )}
      </div>
      {error && !confirm && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <Dialog
        open={confirm}
        onClose={() => setConfirm(false)}
        title={t('groups.archive.confirmTitle', { name: group.name })}
        footer={
          <>
            <button type="button" className="btn btn-secondary" onClick={() => setConfirm(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn-danger" onClick={() => mutation.mutate(true)} disabled={mutation.isPending}>
              {t('groups.archive.archive')}
            </button>
          </>
        }
      >
        <p>{t('groups.archive.confirmBody')}</p>
        {error && (
          <div className="notice notice-danger" role="alert">
            <p>{error}</p>
          </div>
        )}
      </Dialog>
    </section>
  );
}
