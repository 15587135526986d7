import { colorSlot, initials } from '../../lib/initials';
import type { Group } from './groups.api';

interface Props {
  group: Pick<Group, 'id' | 'name' | 'photoUrl'>;
  size?: 'md' | 'lg';
  /** Decorative by default: the group's name is written next to it. */
  alt?: string;
}

/** A group's square mark: its picture, or else its initials on a stable colour. */
export function GroupMark({ group, size = 'md', alt = '' }: Props) {
  if (group.photoUrl) {
    return <img className={`group-mark group-mark-${size} group-mark-photo`} src={group.photoUrl} alt={alt} loading="lazy" decoding="async" />;
  }
  return (
    <span
      className={`group-mark group-mark-${size} avatar-c${colorSlot(group.id)}`}
      role={alt ? 'img' : undefined}
      aria-label={alt || undefined}
      aria-hidden={alt ? undefined : true}
    >
      {initials(group.name)}
    </span>
  );
}
