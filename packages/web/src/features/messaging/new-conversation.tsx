import { useId, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UserSummary } from '@atrium/contract';
import { Dialog } from '../../components/dialog';
import { Icon } from '../../components/icons';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { PersonPicker } from '../people/person-picker';
import { useSession } from '../session/use-session';
import { startConversation } from './messaging.api';
import { messagingKeys } from './messaging.cache';

/** "New message": choose one or several people, and the conversation of exactly them opens. */
export function NewConversationButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-primary btn-sm" onClick={() => setOpen(true)}>
        <Icon name="plus" size={18} />
        {t('messages.new.open')}
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title={t('messages.new.title')} size="md">
        {open && <NewConversationForm onDone={() => setOpen(false)} />}
      </Dialog>
    </>
  );
}

function NewConversationForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const [people, setPeople] = useState<UserSummary[]>([]);
  // A fresh, empty picker after each choice.
  const [round, setRound] = useState(0);
  const [missing, setMissing] = useState(false);

  const mutation = useMutation({
    mutationFn: () => startConversation(people.map((p) => p.id)),
    onSuccess: (conversation) => {
      qc.setQueryData(messagingKeys.one(conversation.id), conversation);
      void qc.invalidateQueries({ queryKey: messagingKeys.list });
      onDone();
      void navigate(`/messages/${conversation.id}`);
    },
  });

  const add = (u: UserSummary) => {
    setPeople((list) => (list.some((p) => p.id === u.id) ? list : [...list, u]));
    setMissing(false);
    mutation.reset();
    setRound((r) => r + 1);
    announce(t('messages.new.added', { name: u.name }));
    requestAnimationFrame(() => input.current?.focus());
  };
  const remove = (u: UserSummary) => {
    setPeople((list) => list.filter((p) => p.id !== u.id));
    mutation.reset();
    announce(t('messages.new.removed', { name: u.name }));
    input.current?.focus();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mutation.isPending) return;
    if (people.length === 0) {
      setMissing(true);
      input.current?.focus();
      return;
    }
    mutation.mutate();
  };

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <p id={hintId} className="muted">
        {t('messages.new.hint')}
      </p>
      <PersonPicker
        key={round}
        label={t('messages.new.to')}
        value={null}
        onChange={(u) => u && add(u)}
        exclude={(u) => u.id === me.id || people.some((p) => p.id === u.id)}
        error={missing ? t('messages.new.pickSomeone') : null}
        inputRef={input}
      />
      {people.length > 0 && (
        <ul className="list-plain chips" aria-label={t('messages.new.chosen')}>
          {people.map((u) => (
            <li key={u.id} className="chip">
              {u.name}
              {u.kind === 'guest' && <span className="badge">{t('people.external')}</span>}
              <button type="button" className="chip-remove" aria-label={t('messages.new.remove', { name: u.name })} onClick={() => remove(u)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {mutation.isError && (
        <div className="notice notice-danger" role="alert">
          <p>{errorMessage(t, mutation.error, { forbidden: t('messages.new.forbidden'), validation_failed: t('messages.new.invalid') })}</p>
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn btn-secondary" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
          {mutation.isPending ? t('messages.new.starting') : t('messages.new.start')}
        </button>
      </div>
    </form>
  );
}
