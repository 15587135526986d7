import type { TFunction } from 'i18next';
import type { Conversation, UserSummary } from '@atrium/contract';

/** Everyone in a direct or group conversation but oneself. */
export const otherMembers = (c: Conversation, meId: string): UserSummary[] => c.members.filter((m) => m.user.id !== meId).map((m) => m.user);

/** The person one talks with in a direct conversation. */
export const directPartner = (c: Conversation, meId: string): UserSummary | null => (c.kind === 'direct' ? (otherMembers(c, meId)[0] ?? null) : null);

const lists = new Map<string, Intl.ListFormat>();

/** "Anna Example", "Anna, Bruno and Carla", "Anna, Bruno and 3 others", or the group's name for a chat. */
export function conversationTitle(c: Conversation, meId: string, t: TFunction, lang: string): string {
  if (c.kind === 'chat') return c.group?.name ?? t('messages.groupChat');
  const names = otherMembers(c, meId).map((u) => u.name);
  if (names.length === 0) return t('messages.justYou');
  if (names.length > 3) return t('messages.namesAndOthers', { names: names.slice(0, 2).join(', '), count: names.length - 2 });
  let list = lists.get(lang);
  if (!list) lists.set(lang, (list = new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' })));
  return list.format(names);
}
