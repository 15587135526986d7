import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../components/dialog';
import { ErrorNotice } from '../../components/error-notice';
import { LoadMore } from '../../components/load-more';
import { ListSkeleton } from '../../components/skeleton';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { useSession } from '../session/use-session';
import { AddMemberForm } from './add-member-form';
import { InviteGuestSection } from './invite-guest-section';
import { MemberRow } from './member-row';
import { groupKeys, listMembers, removeMember, type Group, type GroupMember } from './groups.api';
import { canManageOwners, refreshGroup } from './use-group';

/** The members panel: who is in, and for owners and managers adding, inviting, roles and removing. */
export function GroupMembers({ group }: { group: Group }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { user: me } = useSession();
  const manage = group.canManage && !group.archived;
  const owners = manage && canManageOwners(group, me);
  const [confirm, setConfirm] = useState<GroupMember | null>(null);
  const [error, setError] = useState<string | null>(null);

  const query = useInfiniteQuery({
    queryKey: groupKeys.members(group.id),
    queryFn: ({ pageParam }) => listMembers(group.id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const members = query.data?.pages.flatMap((p) => p.items) ?? [];

  const remove = useMutation({
    mutationFn: (m: GroupMember) => removeMember(group.id, m.user.id),
    onSuccess: (_r, m) => {
      setConfirm(null);
      refreshGroup(qc, group.id);
      announce(t('groups.members.removed', { name: m.user.name, group: group.name }));
      requestAnimationFrame(() => document.getElementById('members-h')?.focus());
    },
    onError: (err) => setError(errorMessage(t, err, { conflict: t('groups.lastOwner') })),
  });

  const close = () => {
    setConfirm(null);
    setError(null);
  };

  return (
    <div className="stack">
      {manage && <AddMemberForm group={group} canAppointOwners={owners} memberIds={new Set(members.map((m) => m.user.id))} />}
      {manage && group.customer && <InviteGuestSection group={group} />}
      <section className="card stack-sm" aria-labelledby="members-h">
        <h2 id="members-h" className="section-title" tabIndex={-1}>
          {t('groups.members.title', { count: group.membersCount })}
        </h2>
        {query.isPending && <ListSkeleton kind="line" count={4} />}
        {query.isError && !query.data && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
        {members.length > 0 && (
          <ul className="list-plain member-list">
            {members.map((m) => (
              <li key={m.user.id}>
                <MemberRow
                  groupId={group.id}
                  member={m}
                  isSelf={m.user.id === me.id}
                  canManage={manage}
                  canManageOwners={owners}
                  onRemove={(x) => {
                    setError(null);
                    setConfirm(x);
                  }}
                />
              </li>
            ))}
          </ul>
        )}
        <LoadMore hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
      </section>
      <Dialog
        open={!!confirm}
        onClose={close}
        title={confirm ? t('groups.members.removeTitle', { name: confirm.user.name, group: group.name }) : ''}
        footer={
          <>
            <button type="button" className="btn btn-secondary" onClick={close}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn-danger" onClick={() => confirm && remove.mutate(confirm)} disabled={remove.isPending}>
              {t('groups.members.removeConfirm')}
            </button>
          </>
        }
      >
        <p>{confirm?.user.kind === 'guest' ? t('groups.members.removeBodyGuest') : t('groups.members.removeBody')}</p>
        {error && (
          <div className="notice notice-danger" role="alert">
            <p>{error}</p>
          </div>
        )}
      </Dialog>
    </div>
  );
}
