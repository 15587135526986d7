import type { Conversation } from '@atrium/contract';
import { Avatar } from '../../components/avatar';
import { GroupMark } from '../groups/group-mark';
import { otherMembers } from './conversation-title';
import { PresenceDot } from './presence-dot';

/** The face of a conversation: the partner's photo (with his presence), two faces for a group, the group's mark for a chat. */
export function ConversationAvatar({ conversation: c, meId }: { conversation: Conversation; meId: string }) {
  if (c.kind === 'chat' && c.group) {
    return (
      <span className="conversation-avatar">
        <GroupMark group={{ id: c.group.id, name: c.group.name, photoUrl: null }} />
      </span>
    );
  }
  const others = otherMembers(c, meId);
  if (c.kind === 'direct' && others[0]) {
    return (
      <span className="conversation-avatar">
        <Avatar user={others[0]} />
        <PresenceDot userId={others[0].id} />
      </span>
    );
  }
  return (
    <span className="conversation-avatar conversation-avatar-stack" aria-hidden="true">
      {others.slice(0, 2).map((u) => (
        <Avatar key={u.id} user={u} size="sm" />
      ))}
    </span>
  );
}
