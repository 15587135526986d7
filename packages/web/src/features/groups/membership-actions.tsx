import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/error-message';
import { announce } from '../../lib/announce';
import { useSession } from '../session/use-session';
import { postKeys } from '../posts/posts.cache';
import { joinGroup, type Group } from './groups.api';
import { LeaveGroupDialog } from './leave-group-dialog';
import { refreshGroup, storeGroup } from './use-group';

/** Join (public), Ask to join (private), Request pending, or Leave: whichever applies to the caller. */
export function MembershipActions({ group }: { group: Group }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { user: me } = useSession();
  const wrap = useRef<HTMLDivElement>(null);
  const [leaving, setLeaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const join = useMutation({
    mutationFn: () => joinGroup(group.id),
    onMutate: () => setError(null),
    onSuccess: ({ group: fresh, status }) => {
      storeGroup(qc, fresh);
      if (status === 'joined') {
        refreshGroup(qc, group.id);
        void qc.invalidateQueries({ queryKey: postKeys.group(group.id) });
        void qc.invalidateQueries({ queryKey: postKeys.feed });
      }
      announce(status === 'joined' ? t('groups.joined', { name: group.name }) : t('groups.requestSent'));
      // The button is replaced (by "Leave" or "Request pending"): keep the focus here.
      requestAnimationFrame(() => wrap.current?.querySelector<HTMLElement>('button, [tabindex]')?.focus());
    },
    onError: (err) => setError(errorMessage(t, err)),
  });

  let action = null;
  if (group.myRole) {
    action = (
      <button type="button" className="btn btn-secondary" onClick={() => setLeaving(true)}>
        {t('groups.leave')}
      </button>
    );
  } else if (group.myRequest === 'pending') {
    action = (
      <p className="status-pill" tabIndex={-1}>
        {t('groups.requestPending')}
      </p>
    );
  } else if (me.kind === 'member' && !group.archived && group.visibility !== 'unlisted') {
    action = (
      <button type="button" className="btn btn-primary" onClick={() => join.mutate()} disabled={join.isPending}>
        {group.visibility === 'public' ? t('groups.join') : t('groups.askToJoin')}
      </button>
    );
  }
  if (!action) return null;

  return (
    <div ref={wrap} className="stack-xs">
      {action}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {group.myRole && <LeaveGroupDialog group={group} open={leaving} onClose={() => setLeaving(false)} />}
    </div>
  );
}
