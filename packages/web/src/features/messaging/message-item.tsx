import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Message } from '@atrium/contract';
import { Avatar } from '../../components/avatar';
import { Icon } from '../../components/icons';
import { MenuButton, type MenuEntry } from '../../components/menu';
import { RelativeTime } from '../../components/relative-time';
import { RichHtml } from '../../components/rich-html';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { MentionTextarea } from '../posts/mention-textarea';
import { editMessage } from './messaging.api';
import { replaceMessage } from './messaging.cache';
import { discardOutgoing, retryOutgoing, type Outgoing } from './outbox';

interface Props {
  message: Message;
  /** Follows a message by the same person shortly before: no name and face again. */
  compact: boolean;
  mine: boolean;
  canDelete: boolean;
  onDelete: (m: Message) => void;
}

export function MessageItem({ message: m, compact, mine, canDelete, onDelete }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(m.body);
  const menuWrap = useRef<HTMLDivElement>(null);
  const editBox = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (editing) editBox.current?.focus();
  }, [editing]);
  const focusMenu = () => requestAnimationFrame(() => menuWrap.current?.querySelector<HTMLElement>('button')?.focus());

  const save = useMutation({
    mutationFn: (body: string) => editMessage(m.conversationId, m.id, body),
    onSuccess: (msg) => {
      replaceMessage(qc, msg);
      setEditing(false);
      announce(t('messages.saved'));
      focusMenu();
    },
  });

  const entries: MenuEntry[] = [];
  if (mine) {
    entries.push({
      kind: 'item',
      label: t('messages.edit'),
      onSelect: () => {
        setDraft(m.body);
        save.reset();
        setEditing(true);
      },
    });
  }
  if (canDelete) entries.push({ kind: 'item', label: t('messages.delete'), danger: true, onSelect: () => onDelete(m) });

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!draft.trim() || save.isPending) return;
    if (draft === m.body) {
      setEditing(false);
      focusMenu();
      return;
    }
    save.mutate(draft);
  };
  const cancel = () => {
    setEditing(false);
    focusMenu();
  };

  const cls = ['message', mine && 'is-mine', compact && 'is-compact'].filter(Boolean).join(' ');
  return (
    <div className={cls}>
      {compact ? <span className="message-gutter" aria-hidden="true" /> : <Avatar user={m.author} size="sm" />}
      <div className="message-main">
        {compact ? (
          <span className="visually-hidden">
            {m.author.name}, <RelativeTime iso={m.createdAt} />:
          </span>
        ) : (
          <div className="message-head">
            <span className="message-author">{m.author.name}</span>
            {m.author.kind === 'guest' && <span className="badge">{t('people.external')}</span>}
            <span className="muted small">
              <RelativeTime iso={m.createdAt} />
            </span>
          </div>
        )}
        {editing ? (
          <form className="stack-sm message-edit" onSubmit={submit}>
            <MentionTextarea
              value={draft}
              onChange={setDraft}
              label={t('messages.editLabel')}
              onSubmit={submit}
              onEscape={cancel}
              enterSends
              minRows={1}
              textareaRef={editBox}
            />
            <div className="row gap-sm">
              <button type="submit" className="btn btn-primary btn-sm" disabled={!draft.trim() || save.isPending}>
                {t('common.save')}
              </button>
              <button type="button" className="btn btn-secondary btn-sm" onClick={cancel}>
                {t('common.cancel')}
              </button>
            </div>
            {save.isError && <ErrorNotice message={errorMessage(t, save.error)} />}
          </form>
        ) : (
          <div className="message-bubble">
            <RichHtml html={m.html} className="message-body" />
            {m.editedAt && <span className="message-edited">{t('posts.edited')}</span>}
          </div>
        )}
      </div>
      {entries.length > 0 && !editing && (
        <div ref={menuWrap} className="message-menu">
          <MenuButton
            label={mine ? t('messages.actionsOwn') : t('messages.actionsFor', { name: m.author.name })}
            button={<Icon name="more" size={18} />}
            entries={entries}
          />
        </div>
      )}
    </div>
  );
}

function ErrorNotice({ message }: { message: string }) {
  return (
    <p className="field-error" role="alert">
      {message}
    </p>
  );
}

/** One's own message on its way ("Sending…"), or not sent, with Try again and Discard. */
export function PendingMessageItem({ item, onRestore }: { item: Outgoing; onRestore: (text: string) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const failed = item.status === 'failed';
  return (
    <div className={failed ? 'message is-mine is-pending is-failed' : 'message is-mine is-pending'}>
      <Avatar user={item.author} size="sm" />
      <div className="message-main">
        <div className="message-head">
          <span className="message-author">{item.author.name}</span>
          <span className="muted small">{failed ? t('messages.notSent') : t('messages.sending')}</span>
        </div>
        <div className="message-bubble">
          <p className="message-body pre-wrap">{item.body}</p>
        </div>
        {failed && (
          <div className="message-failed" role="alert">
            <span>{errorMessage(t, item.error)}</span>{' '}
            <button type="button" className="btn-link" onClick={() => retryOutgoing(qc, item)}>
              {t('common.retry')}
            </button>{' '}
            <button
              type="button"
              className="btn-link"
              onClick={() => {
                discardOutgoing(item);
                onRestore(item.body);
              }}
            >
              {t('messages.discard')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
