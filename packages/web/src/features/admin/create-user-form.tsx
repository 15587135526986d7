import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { User, UserCreate } from '@atrium/contract';
import { TextField } from '../../components/field';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { fieldErrors } from '../../lib/field-errors';
import { createUser } from '../people/people.api';

const MIN_PASSWORD = 10;

const createdMessage = (t: TFunction, u: User, invited: boolean) =>
  invited ? t('admin.createdInvited', { name: u.name, email: u.email }) : t('admin.created', { name: u.name });

/** Add a colleague: with a password he can sign in at once; without, the server mails an invitation. */
export function CreateUserForm() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [title, setTitle] = useState('');
  const [department, setDepartment] = useState('');
  const [role, setRole] = useState<'member' | 'admin'>('member');
  const [local, setLocal] = useState<Record<string, string>>({});
  // Who was added, and whether the server mailed him an invitation (no password given).
  const [created, setCreated] = useState<{ user: User; invited: boolean } | null>(null);

  const mutation = useMutation({
    mutationFn: (input: UserCreate) => createUser(input),
    onSuccess: (u, input) => {
      const invited = !input.password;
      setCreated({ user: u, invited });
      setEmail('');
      setName('');
      setPassword('');
      setTitle('');
      setDepartment('');
      setRole('member');
      announce(createdMessage(t, u, invited));
      void qc.invalidateQueries({ queryKey: ['users'] });
      void qc.invalidateQueries({ queryKey: ['orgchart'] });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = t('fields.required');
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) errs.email = t('fields.invalid.email');
    if (password && password.length < MIN_PASSWORD) errs.password = t('fields.passwordTooShort', { count: MIN_PASSWORD });
    setLocal(errs);
    setCreated(null);
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus());
      return;
    }
    mutation.mutate({
      email: email.trim(),
      name: name.trim(),
      role,
      ...(password ? { password } : {}),
      ...(title.trim() ? { title: title.trim() } : {}),
      ...(department.trim() ? { department: department.trim() } : {}),
    });
  };

  const server = fieldErrors(t, mutation.error, ['email', 'name', 'password', 'title', 'department']);
  const errors = { ...server, ...local };
  const general = mutation.error && Object.keys(server).length === 0 ? errorMessage(t, mutation.error, { conflict: t('admin.emailTaken') }) : null;

  return (
    <form className="card stack" onSubmit={submit} noValidate aria-labelledby="create-h">
      <h2 id="create-h" className="section-title">
        {t('admin.createTitle')}
      </h2>
      <div className="grid-2">
        <TextField label={t('fields.name')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} error={errors.name} autoComplete="off" />
        <TextField label={t('fields.email')} type="email" value={email} onChange={(e) => setEmail(e.target.value)} required error={errors.email} autoComplete="off" />
        <TextField label={t('fields.title')} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} error={errors.title} />
        <TextField label={t('fields.department')} value={department} onChange={(e) => setDepartment(e.target.value)} maxLength={200} error={errors.department} />
        <TextField
          label={t('admin.initialPassword')}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          hint={t('admin.passwordHint', { count: MIN_PASSWORD })}
          error={errors.password}
        />
        <div className="field">
          <label htmlFor="new-role" className="field-label">
            {t('fields.role')}
          </label>
          <select id="new-role" className="input" value={role} onChange={(e) => setRole(e.target.value as 'member' | 'admin')}>
            <option value="member">{t('roles.member')}</option>
            <option value="admin">{t('roles.admin')}</option>
          </select>
        </div>
      </div>
      {general && (
        <div className="notice notice-danger" role="alert">
          <p>{general}</p>
        </div>
      )}
      {created && (
        <div className="notice notice-success" role="status">
          <p>
            {createdMessage(t, created.user, created.invited)} <Link to={`/people/${created.user.id}`}>{t('admin.viewProfile')}</Link>
          </p>
        </div>
      )}
      <div>
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
          {mutation.isPending ? t('common.saving') : t('admin.create')}
        </button>
      </div>
    </form>
  );
}
