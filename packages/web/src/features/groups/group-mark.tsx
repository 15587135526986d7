import { colorSlot, initials } from '../../lib/initials';

/** A group's square mark: its initials on a stable colour (decorative: the name is written next to it). */
export function GroupMark({ name, id, size = 'md' }: { name: string; id: string; size?: 'md' | 'lg' }) {
  return (
    <span className={`group-mark group-mark-${size} avatar-c${colorSlot(id)}`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
