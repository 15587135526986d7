import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/field';
import { PageHeading } from '../../components/page-heading';
import { formatDateTime } from '../../lib/time';
import type { Invitation } from '../session/session.api';
import { invitationErrorMessage, isInvalidInvitation } from './invitation-errors';
import { useAcceptInvitation } from './use-accept-invitation';

/** A person from outside who already has an account joins one more group with his password. */
export function JoinWithAccountForm({ token, invitation }: { token: string; invitation: Invitation }) {
  const { t, i18n } = useTranslation();
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const mutation = useAcceptInvitation(token, invitation);
  const group = invitation.group?.name ?? invitation.orgName;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mutation.isPending) return;
    setMissing(!password);
    if (!password) return;
    mutation.mutate({ password });
  };

  const err = mutation.error;
  const invalid = isInvalidInvitation(err);
  const general = err
    ? invalid
      ? t('invitation.invalid')
      : invitationErrorMessage(t, err, { unauthenticated: t('invitation.wrongPassword') })
    : null;

  return (
    <>
      <PageHeading title={t('invitation.title')}>{t('invitation.signInToJoin', { group })}</PageHeading>
      <p>{t('invitation.existingIntro', { email: invitation.email, group })}</p>
      <p className="muted small">{t('invitation.expires', { date: formatDateTime(invitation.expiresAt, i18n.language) })}</p>
      <form className="stack" onSubmit={submit} noValidate>
        <input type="email" name="username" autoComplete="username" value={invitation.email} readOnly hidden />
        <TextField
          label={t('fields.password')}
          type="password"
          name="password"
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            if (err) mutation.reset();
          }}
          required
          autoComplete="current-password"
          error={missing ? t('fields.required') : null}
        />
        {general && (
          <div className="notice notice-danger" role="alert">
            <p>{general}</p>
            {invalid && <Link to="/login">{t('invitation.signIn')}</Link>}
          </div>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={mutation.isPending}>
          {mutation.isPending ? t('invitation.joining') : t('invitation.signInAndJoin')}
        </button>
      </form>
    </>
  );
}
