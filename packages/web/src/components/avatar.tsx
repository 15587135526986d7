import { colorSlot, initials } from '../lib/initials';

interface Props {
  user: { id: string; name: string; avatarUrl: string | null };
  size?: 'sm' | 'md' | 'lg' | 'xl';
  /** Decorative by default: the name is always written next to it. */
  alt?: string;
}

export function Avatar({ user, size = 'md', alt = '' }: Props) {
  if (user.avatarUrl) {
    return <img className={`avatar avatar-${size}`} src={user.avatarUrl} alt={alt} loading="lazy" decoding="async" />;
  }
  return (
    <span
      className={`avatar avatar-${size} avatar-initials avatar-c${colorSlot(user.id)}`}
      role={alt ? 'img' : undefined}
      aria-label={alt || undefined}
      aria-hidden={alt ? undefined : true}
    >
      {initials(user.name)}
    </span>
  );
}
