import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/field';
import { FormAlerts } from '../../components/form-alerts';
import { MIN_PASSWORD, NewPasswordField } from '../../components/new-password-field';
import { PageHeading } from '../../components/page-heading';
import { fieldErrors } from '../../lib/field-errors';
import { formatDateTime } from '../../lib/time';
import type { Invitation } from '../session/session.api';
import { invitationErrorMessage, isInvalidInvitation } from './invitation-errors';
import { useAcceptInvitation } from './use-accept-invitation';

/**
 * The invited person confirms his name, chooses a password, and is signed in: a colleague joins the
 * organization, a person from outside the customer group he was invited to.
 */
export function AcceptInvitationForm({ token, invitation }: { token: string; invitation: Invitation }) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState(invitation.name);
  const [password, setPassword] = useState('');
  // Which check failed, not its text: a language switch must translate the messages too.
  const [local, setLocal] = useState<{ name?: boolean; password?: boolean }>({});
  const mutation = useAcceptInvitation(token, invitation);
  const org = invitation.orgName;
  const group = invitation.kind === 'guest' ? invitation.group : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mutation.isPending) return;
    const errs = { name: !name.trim(), password: password.length < MIN_PASSWORD };
    setLocal(errs);
    if (errs.name || errs.password) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus());
      return;
    }
    mutation.mutate({ name: name.trim(), password });
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
      <PageHeading title={t('invitation.title')}>
        {group ? t('invitation.guestWelcome', { group: group.name }) : t('invitation.welcome', { org })}
      </PageHeading>
      {group ? (
        <>
          <p>{t('invitation.guestIntro', { org, group: group.name, email: invitation.email })}</p>
          <p className="small">{t('invitation.guestScope', { org })}</p>
        </>
      ) : (
        <p>{t('invitation.intro', { email: invitation.email })}</p>
      )}
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
        <NewPasswordField
          label={t('invitation.password')}
          name="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
        <FormAlerts general={general} fieldErrors={Object.keys(errors).length > 0}>
          {invalid && <Link to="/login">{t('invitation.signIn')}</Link>}
        </FormAlerts>
        <button type="submit" className="btn btn-primary btn-block" disabled={mutation.isPending}>
          {mutation.isPending ? t('invitation.joining') : group ? t('invitation.join', { org: group.name }) : t('invitation.join', { org })}
        </button>
      </form>
    </>
  );
}
