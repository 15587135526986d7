import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UserSummary } from '@atrium/contract';
import { announce } from '../../lib/announce';
import { ApiError } from '../../lib/api-client';
import { errorMessage } from '../../lib/error-message';
import { PersonPicker } from '../people/person-picker';
import { addMember, type Group, type GroupRole } from './groups.api';
import { refreshGroup } from './use-group';

interface Props {
  group: Group;
  canAppointOwners: boolean;
  /** Already in: left out of the matches. */
  memberIds: Set<string>;
}

/** Owners and managers add a colleague (or, in a customer group, a guest) with a role. */
export function AddMemberForm({ group, canAppointOwners, memberIds }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const roleId = useId();
  const headId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [person, setPerson] = useState<UserSummary | null>(null);
  const [role, setRole] = useState<GroupRole>('member');
  const [missing, setMissing] = useState(false);
  // A new picker (empty box) after each addition.
  const [round, setRound] = useState(0);
  const guest = person?.kind === 'guest';

  const mutation = useMutation({
    mutationFn: (p: UserSummary) => addMember(group.id, p.id, guest ? 'member' : role),
    onSuccess: (m) => {
      refreshGroup(qc, group.id);
      announce(t('groups.members.added', { name: m.user.name }));
      setPerson(null);
      setRole('member');
      setRound((r) => r + 1);
      requestAnimationFrame(() => input.current?.focus());
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mutation.isPending) return;
    setMissing(!person);
    if (!person) return input.current?.focus();
    mutation.mutate(person);
  };

  const err = mutation.error;
  const message = !err
    ? null
    : err instanceof ApiError && err.code === 'conflict'
      ? t('groups.members.alreadyMember', { name: person?.name ?? '' })
      : errorMessage(t, err);

  return (
    <form className="card stack-sm" onSubmit={submit} aria-labelledby={headId} noValidate>
      <h2 id={headId} className="section-title">
        {t('groups.members.addTitle')}
      </h2>
      <div className="add-member-row">
        <div className="grow">
          <PersonPicker
            key={round}
            label={t('groups.members.person')}
            value={person}
            onChange={(p) => {
              setPerson(p);
              setMissing(false);
              mutation.reset();
            }}
            // People from outside only ever join customer groups.
            exclude={(u) => memberIds.has(u.id) || (u.kind === 'guest' && !group.customer)}
            error={missing ? t('groups.members.pickSomeone') : null}
            inputRef={input}
          />
        </div>
        <div className="field">
          <label htmlFor={roleId} className="field-label">
            {t('groups.members.role')}
          </label>
          <select id={roleId} className="input" value={guest ? 'member' : role} disabled={guest} onChange={(e) => setRole(e.target.value as GroupRole)}>
            {canAppointOwners && <option value="owner">{t('groups.roles.owner')}</option>}
            <option value="manager">{t('groups.roles.manager')}</option>
            <option value="member">{t('groups.roles.member')}</option>
          </select>
        </div>
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
          {mutation.isPending ? t('common.saving') : t('groups.members.add')}
        </button>
      </div>
      {message && (
        <div className="notice notice-danger" role="alert">
          <p>{message}</p>
        </div>
      )}
    </form>
  );
}
