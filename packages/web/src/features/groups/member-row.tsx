import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Avatar } from '../../components/avatar';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { changeMemberRole, type GroupMember, type GroupRole } from './groups.api';
import { refreshGroup } from './use-group';

interface Props {
  groupId: string;
  member: GroupMember;
  isSelf: boolean;
  /** Owners and managers change roles and remove people (not archived). */
  canManage: boolean;
  /** Owners and admins may also appoint and remove owners. */
  canManageOwners: boolean;
  onRemove: (m: GroupMember) => void;
}

/** One member: name (External for people from outside), role, and for managers a role choice and Remove. */
export function MemberRow({ groupId, member, isSelf, canManage, canManageOwners, onRemove }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const selectId = useId();
  const [error, setError] = useState<string | null>(null);
  const u = member.user;
  const guest = u.kind === 'guest';
  const touchable = canManage && !guest && (member.role !== 'owner' || canManageOwners);
  const roles: GroupRole[] = canManageOwners ? ['owner', 'manager', 'member'] : ['manager', 'member'];

  const mutation = useMutation({
    mutationFn: (role: GroupRole) => changeMemberRole(groupId, u.id, role),
    onMutate: () => setError(null),
    onSuccess: (m) => {
      refreshGroup(qc, groupId);
      announce(t('groups.members.roleChanged', { name: u.name, role: t(`groups.roles.${m.role}`) }));
    },
    onError: (err) => setError(errorMessage(t, err, { conflict: t('groups.lastOwnerRole') })),
  });
  const role = mutation.isPending ? mutation.variables : member.role;

  return (
    <div className="member-row">
      <Avatar user={u} size="sm" />
      <div className="member-text">
        <span>
          <Link to={`/people/${u.id}`} className="author-link">
            {u.name}
          </Link>
          {guest && <span className="badge">{t('people.external')}</span>}
          {isSelf && <span className="muted small"> {t('groups.members.you')}</span>}
        </span>
        {(u.title || u.department) && <span className="muted small">{[u.title, u.department].filter(Boolean).join(' · ')}</span>}
        {error && (
          <span className="field-error" role="alert">
            {error}
          </span>
        )}
      </div>
      <div className="member-controls">
        {touchable ? (
          <>
            <label htmlFor={selectId} className="visually-hidden">
              {t('groups.members.roleOf', { name: u.name })}
            </label>
            <select
              id={selectId}
              className="input input-inline"
              value={role}
              disabled={mutation.isPending}
              onChange={(e) => mutation.mutate(e.target.value as GroupRole)}
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`groups.roles.${r}`)}
                </option>
              ))}
            </select>
          </>
        ) : (
          <span className="role-label">{guest ? t('groups.roles.guest') : t(`groups.roles.${member.role}`)}</span>
        )}
        {canManage && !isSelf && (member.role !== 'owner' || canManageOwners) && (
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => onRemove(member)}>
            {t('groups.members.remove')}
            <span className="visually-hidden"> {u.name}</span>
          </button>
        )}
      </div>
    </div>
  );
}
