import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MeResponse } from '@atrium/contract';
import { AuthLayout } from '../components/auth-layout';
import { TextField } from '../components/field';
import { FormAlerts } from '../components/form-alerts';
import { MIN_PASSWORD, NewPasswordField } from '../components/new-password-field';
import { PageHeading } from '../components/page-heading';
import { errorMessage } from '../lib/error-message';
import { fieldErrors } from '../lib/field-errors';
import { runSetup } from '../features/session/session.api';
import { meKey, setupKey } from '../features/session/use-session';

export default function SetupPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [orgName, setOrgName] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const mutation = useMutation({
    mutationFn: () => runSetup({ orgName: orgName.trim(), admin: { email: email.trim(), name: name.trim(), password } }),
    onSuccess: (res) => {
      const org = orgName.trim();
      qc.setQueryData(setupKey, { needed: false, orgName: org });
      qc.setQueryData<MeResponse>(meKey, { user: res.user, csrfToken: res.csrfToken, orgName: org });
      void navigate('/', { replace: true });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!orgName.trim()) errs.orgName = t('fields.required');
    if (!name.trim()) errs.name = t('fields.required');
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) errs.email = t('fields.invalid.email');
    if (password.length < MIN_PASSWORD) errs.password = t('fields.passwordTooShort', { count: MIN_PASSWORD });
    setLocalErrors(errs);
    if (Object.keys(errs).length === 0) mutation.mutate();
  };

  const server = fieldErrors(t, mutation.error, ['orgName', 'name', 'email', 'password']);
  const errors = { ...server, ...localErrors };
  const general = mutation.error && Object.keys(server).length === 0 ? errorMessage(t, mutation.error) : null;

  return (
    <AuthLayout>
      <PageHeading>{t('setup.title')}</PageHeading>
      <p className="muted">{t('setup.intro')}</p>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField label={t('fields.orgName')} value={orgName} onChange={(e) => setOrgName(e.target.value)} required maxLength={120} autoComplete="organization" error={errors.orgName} />
        <TextField label={t('setup.adminName')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} autoComplete="name" error={errors.name} />
        <TextField label={t('fields.email')} type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="email" error={errors.email} />
        <NewPasswordField label={t('fields.password')} value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} />
        <FormAlerts general={general} fieldErrors={Object.keys(errors).length > 0} />
        <button type="submit" className="btn btn-primary btn-block" disabled={mutation.isPending}>
          {mutation.isPending ? t('setup.submitting') : t('setup.submit')}
        </button>
      </form>
    </AuthLayout>
  );
}
