import { useId, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { Conversation } from '@atrium/contract';
import { stream } from '../../realtime/stream';
import { MentionTextarea } from '../posts/mention-textarea';
import { useSession } from '../session/use-session';
import { sendOutgoing } from './outbox';

const MAX = 20_000;

interface Props {
  conversation: Conversation;
  title: string;
  draft: string;
  setDraft: (v: string) => void;
  clearDraft: () => void;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
}

/**
 * Write a message: Enter sends, Shift+Enter starts a new line. It shows at once ("Sending…") and
 * the draft survives a reload until it is sent. While typing, the others see "… is typing".
 */
export function MessageComposer({ conversation: c, title, draft, setDraft, clearDraft, textareaRef }: Props) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const { user: me } = useSession();
  const hintId = useId();
  const errorId = useId();
  const [tooLong, setTooLong] = useState(false);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!draft.trim()) return;
    if (draft.length > MAX) {
      setTooLong(true);
      return;
    }
    sendOutgoing(qc, c.id, me, draft);
    clearDraft();
    setTooLong(false);
    textareaRef.current?.focus();
  };

  return (
    <form className="message-composer" onSubmit={submit}>
      <MentionTextarea
        className="grow"
        value={draft}
        onChange={(v) => {
          setDraft(v);
          if (tooLong && v.length <= MAX) setTooLong(false);
          if (v.trim()) stream.typing(c.id);
        }}
        label={t('messages.composerLabel', { name: title })}
        placeholder={t('messages.composerPlaceholder')}
        onSubmit={submit}
        enterSends
        minRows={1}
        textareaRef={textareaRef}
        invalid={tooLong}
        describedBy={tooLong ? `${errorId} ${hintId}` : hintId}
      />
      <button type="submit" className="btn btn-primary" disabled={!draft.trim()}>
        {t('messages.send')}
      </button>
      <p id={hintId} className="field-hint full-row">
        {t('messages.composerHint')}
      </p>
      {tooLong && (
        <p id={errorId} className="field-error full-row" role="alert">
          {t('messages.tooLong', { max: new Intl.NumberFormat(i18n.language).format(MAX) })}
        </p>
      )}
    </form>
  );
}
