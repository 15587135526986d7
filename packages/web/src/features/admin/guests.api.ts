import type { Page, UserSummary } from '@atrium/contract';
import { api, seg } from '../../lib/api-client';

/** Admins' view of a person from outside. */
export interface GuestInfo {
  user: UserSummary & { email: string };
  groups: { id: string; name: string }[];
  invitedBy: UserSummary | null;
  lastActivityAt: string | null;
}

export const listGuests = (cursor?: string) => api.get<Page<GuestInfo>>('/admin/guests', { cursor });
/** Removes the guest entirely: account, memberships, sessions and what he wrote. */
export const removeGuest = (id: string) => api.delete(`/admin/guests/${seg(id)}`);
export const guestKeys = { all: ['admin', 'guests'] as const };
