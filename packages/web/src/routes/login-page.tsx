import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AuthLayout } from '../components/auth-layout';
import { TextField } from '../components/field';
import { PageHeading } from '../components/page-heading';
import { ApiError } from '../lib/api-client';
import { errorMessage } from '../lib/error-message';
import { getMe, login } from '../features/session/session.api';
import { meKey, useMeQuery, useSetupStatus } from '../features/session/use-session';

/** Only same-app paths, never "//elsewhere.example". */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function LoginPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const setup = useSetupStatus();
  const me = useMeQuery();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const mutation = useMutation({
    mutationFn: async () => {
      await login(email.trim(), password);
      await qc.fetchQuery({ queryKey: meKey, queryFn: getMe, staleTime: 0 });
    },
    onSuccess: () => void navigate(next, { replace: true }),
  });

  if (me.data && !mutation.isPending) return <Navigate to={next} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!mutation.isPending) mutation.mutate();
  };

  const err = mutation.error;
  const message = err
    ? errorMessage(t, err, {
        unauthenticated: t('login.wrong'),
        rate_limited:
          err instanceof ApiError ? t('login.tooMany', { count: Math.max(1, Math.ceil((err.retryAfter ?? 60) / 60)) }) : undefined,
      })
    : null;
  const org = setup.data?.orgName;

  return (
    <AuthLayout>
      <PageHeading title={t('login.title')}>{org ? t('login.headingOrg', { org }) : t('login.title')}</PageHeading>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField
          label={t('fields.email')}
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          label={t('fields.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {message && (
          <div className="notice notice-danger" role="alert">
            <p>{message}</p>
          </div>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={mutation.isPending || !email || !password}>
          {mutation.isPending ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </AuthLayout>
  );
}
