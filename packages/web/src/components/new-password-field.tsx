import type { InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from './field';

/** The server's minimum; checked here first so the person learns it before sending. */
export const MIN_PASSWORD = 10;

interface Props extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  error?: string | null;
}

/** A password the person chooses now, with the length hint; password managers offer to generate one. */
export function NewPasswordField(props: Props) {
  const { t } = useTranslation();
  return <TextField type="password" required autoComplete="new-password" hint={t('fields.passwordHint', { count: MIN_PASSWORD })} {...props} />;
}
