import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useMutation } from '@tanstack/react-query';
import { Dialog } from '../../components/dialog';
import { TextField } from '../../components/field';
import { announce } from '../../lib/announce';
import { ApiError } from '../../lib/api-client';
import { errorMessage } from '../../lib/error-message';
import { formatDateTime } from '../../lib/time';
import { copyText } from '../posts/copy-link';
import { inviteGuest, type Group, type GroupInvitation } from './groups.api';

/** Why the server refused an address (409 `details.email`), as a sentence. */
function conflictMessage(t: TFunction, err: unknown): string | null {
  if (!(err instanceof ApiError) || err.code !== 'conflict') return null;
  const why = err.details.email;
  if (why === 'member') return t('groups.invite.alreadyMember');
  if (why === 'deactivated') return t('groups.invite.deactivated');
  return t('groups.invite.colleague');
}

/** Invite a person from outside by email; the mailed link is also shown, to copy. */
export function InviteGuestDialog({ group, open, onClose }: { group: Group; open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const formId = useId();
  const [email, setEmail] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [sent, setSent] = useState<GroupInvitation | null>(null);

  const mutation = useMutation({
    mutationFn: () => inviteGuest(group.id, email.trim()),
    onSuccess: (inv) => {
      setSent(inv);
      setEmail('');
      announce(t('groups.invite.sent', { email: inv.email }));
    },
  });

  const close = () => {
    onClose();
    setEmail('');
    setInvalid(false);
    setSent(null);
    mutation.reset();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mutation.isPending) return;
    const bad = !/^\S+@\S+\.\S+$/.test(email.trim());
    setInvalid(bad);
    setSent(null);
    if (bad) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('dialog [aria-invalid="true"]')?.focus());
      return;
    }
    mutation.mutate();
  };

  const err = mutation.error;
  const fieldError = invalid ? t('fields.invalid.email') : conflictMessage(t, err);
  const general = err && !fieldError ? errorMessage(t, err) : null;

  return (
    <Dialog
      open={open}
      onClose={close}
      title={t('groups.invite.title', { name: group.name })}
      size="md"
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={close}>
            {sent ? t('common.close') : t('common.cancel')}
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={mutation.isPending}>
            {mutation.isPending ? t('groups.invite.sending') : t('groups.invite.submit')}
          </button>
        </>
      }
    >
      <form id={formId} className="stack" onSubmit={submit} noValidate>
        <p>{t('groups.invite.intro')}</p>
        <TextField
          label={t('groups.invite.email')}
          type="email"
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
            if (invalid) setInvalid(false);
            if (mutation.error) mutation.reset();
          }}
          required
          autoComplete="off"
          hint={t('groups.invite.hint')}
          error={fieldError}
        />
        {general && (
          <div className="notice notice-danger" role="alert">
            <p>{general}</p>
          </div>
        )}
        {sent && (
          <div className="notice notice-success" role="status">
            <p>{t('groups.invite.sentUntil', { email: sent.email, date: formatDateTime(sent.expiresAt, i18n.language) })}</p>
            <button
              type="button"
              className="btn btn-secondary btn-sm"
              onClick={() => void copyText(sent.url).then((ok) => announce(ok ? t('posts.linkCopied') : t('posts.linkNotCopied')))}
            >
              {t('groups.invite.copyLink')}
            </button>
          </div>
        )}
      </form>
    </Dialog>
  );
}
