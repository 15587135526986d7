import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { TextField } from '../../components/field';
import { PageHeading } from '../../components/page-heading';
import { fieldErrors } from '../../lib/field-errors';
import { formatDateTime } from '../../lib/time';
import { acceptInvitation, getMe, type Invitation } from '../session/session.api';
import { meKey, setupKey } from '../session/use-session';
import { invitationErrorMessage, isInvalidInvitation } from './invitation-errors';
import { invitationKey } from './use-invitation';

const MIN_PASSWORD = 10;

/** The invited colleague confirms his name, chooses a password, and is signed in. */
export function AcceptInvitationForm({ token, invitation }: { token: string; invitation: Invitation }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState(invitation.name);
  const [password, setPassword] = useState('');
  // Which check failed, not its text: a language switch must translate the messages too.
  const [local, setLocal] = useState<{ name?: boolean; password?: boolean }>({});
  const org = invitation.orgName;

  const mutation = useMutation({
    mutationFn: async () => {
      await acceptInvitation(token, { name: name.trim(), password });
      // Whoever used this browser before is not who is signed in now: forget his data.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== setupKey[0] && q.queryKey[0] !== invitationKey(token)[0] });
      await qc.fetchQuery({ queryKey: meKey, queryFn: getMe, staleTime: 0 });
    },
    onSuccess: () => void navigate('/', { replace: true }),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mutation.isPending) return;
    const errs = { name: !name.trim(), password: password.length < MIN_PASSWORD };
    setLocal(errs);
    if (errs.name || errs.password) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus());
      return;
    }
    mutation.mutate();
  };

  const err = mutation.error;
  const server = fieldErrors(t, err, ['name', 'password']);
  const errors: Record<string, string> = { ...server };
  if (local.name) errors.name = t('fields.required');
  if (local.password) errors.password = t('fields.passwordTooShort', { count: MIN_PASSWORD });
  const invalid = isInvalidInvitation(err);
  const general = err && Object.keys(server).length === 0 ? (invalid ? t('invitation.invalid') : invitationErrorMessage(t, err)) : null;

  return (
    <>
      <PageHeading title={t('invitation.title')}>{t('invitation.welcome', { org })}</PageHeading>
      <p>{t('invitation.intro', { email: invitation.email })}</p>
      <p className="muted small">{t('invitation.expires', { date: formatDateTime(invitation.expiresAt, i18n.language) })}</p>
      <form className="stack" onSubmit={submit} noValidate>
        {/* For password managers: the address this password belongs to. */}
        <input type="email" name="username" autoComplete="username" value={invitation.email} readOnly hidden />
        <TextField
          label={t('invitation.name')}
          name="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={120}
          autoComplete="name"
          error={errors.name}
        />
        <TextField
          label={t('invitation.password')}
          type="password"
          name="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          autoComplete="new-password"
          hint={t('fields.passwordHint', { count: MIN_PASSWORD })}
          error={errors.password}
        />
        {general && (
          <div className="notice notice-danger" role="alert">
            <p>{general}</p>
            {invalid && <Link to="/login">{t('invitation.signIn')}</Link>}
          </div>
        )}
        {Object.keys(errors).length > 0 && !general && (
          <p className="visually-hidden" role="alert">
            {t('fields.fixErrors')}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={mutation.isPending}>
          {mutation.isPending ? t('invitation.joining') : t('invitation.join', { org })}
        </button>
      </form>
    </>
  );
}
