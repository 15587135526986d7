import { useTranslation } from 'react-i18next';
import type { Conversation, Message } from '@atrium/contract';
import { useTypers } from '../../realtime/typing';

/** "Anna is typing…": a polite live region under the messages, empty while nobody types. */
export function TypingIndicator({ conversation: c, messages }: { conversation: Conversation; messages: Message[] }) {
  const { t } = useTranslation();
  const ids = useTypers(c.id);
  const nameOf = (id: string) =>
    c.members.find((m) => m.user.id === id)?.user.name ??
    // A group's chat lists no members: the name from what the person wrote.
    [...messages].reverse().find((m) => m.author.id === id)?.author.name ??
    null;
  const names = ids.map(nameOf);
  const known = names.filter((n): n is string => n !== null);
  let text = '';
  if (ids.length === 1) text = known[0] ? t('messages.typing.one', { name: known[0] }) : t('messages.typing.someone');
  else if (ids.length === 2 && known[0] && known[1]) text = t('messages.typing.two', { a: known[0], b: known[1] });
  else if (ids.length > 1) text = t('messages.typing.several');
  return (
    <p className="typing-indicator" role="status">
      {text}
    </p>
  );
}
