import type { GroupRole } from '@atrium/contract';
import type { EventDraft } from '../../realtime/outbox.js';

/**
 * A membership changed (`role` null: he left or was removed). The group's members hear of it, and
 * so does the person himself even once he is out; every node reloads his groups before it delivers
 * any later event, so a removed member's streams stop carrying the group at once.
 */
export const membershipChanged = (groupId: string, userId: string, role: GroupRole | null): EventDraft => ({
  type: 'membership.changed',
  data: { groupId, userId, role },
  audience: { kind: 'members', groupId, also: [userId] },
});
