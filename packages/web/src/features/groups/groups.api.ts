import type { Group, GroupRole, GroupVisibility, Page, UserSummary } from '@atrium/contract';
import { api, request, seg } from '../../lib/api-client';

export type { Group, GroupRole, GroupVisibility };

export interface GroupMember {
  user: UserSummary;
  role: GroupRole;
  joinedAt: string;
}
export interface JoinRequest {
  user: UserSummary;
  createdAt: string;
}
export interface GroupInvitation {
  id: string;
  email: string;
  url: string;
  expiresAt: string;
}
export type GroupFilter = 'all' | 'mine';

export const listGroups = (filter: GroupFilter, q: string | undefined, cursor?: string, signal?: AbortSignal) =>
  api.get<Page<Group>>('/groups', { filter, q, cursor }, signal);
export const getGroup = (id: string) => api.get<{ group: Group }>(`/groups/${seg(id)}`).then((r) => r.group);
export const createGroup = (input: { name: string; description: string; visibility: GroupVisibility; customer: boolean }) =>
  api.post<{ group: Group }>('/groups', input).then((r) => r.group);
export const updateGroup = (id: string, patch: { name?: string; description?: string; visibility?: GroupVisibility; archived?: boolean }) =>
  api.patch<{ group: Group }>(`/groups/${seg(id)}`, patch).then((r) => r.group);
/** Owners and managers: the group's picture (multipart `file`; the server re-encodes it). */
export function uploadGroupPhoto(id: string, file: File): Promise<Group> {
  const form = new FormData();
  form.append('file', file);
  return request<{ group: Group }>('PUT', `/groups/${seg(id)}/photo`, { body: form }).then((r) => r.group);
}

export const joinGroup = (id: string) => api.post<{ group: Group; status: 'joined' | 'requested' }>(`/groups/${seg(id)}/join`);

export const listMembers = (id: string, cursor?: string) => api.get<Page<GroupMember>>(`/groups/${seg(id)}/members`, { cursor });
export const addMember = (id: string, userId: string, role: GroupRole) =>
  api.post<{ member: GroupMember }>(`/groups/${seg(id)}/members`, { userId, role }).then((r) => r.member);
export const changeMemberRole = (id: string, userId: string, role: GroupRole) =>
  api.patch<{ member: GroupMember }>(`/groups/${seg(id)}/members/${seg(userId)}`, { role }).then((r) => r.member);
/** Removes a member; on oneself it is leaving the group. */
export const removeMember = (id: string, userId: string) => api.delete(`/groups/${seg(id)}/members/${seg(userId)}`);

export const listRequests = (id: string, cursor?: string) => api.get<Page<JoinRequest>>(`/groups/${seg(id)}/requests`, { cursor });
export const answerRequest = (id: string, userId: string, approve: boolean) =>
  api.post<{ status: 'approved' | 'declined' }>(`/groups/${seg(id)}/requests/${seg(userId)}/${approve ? 'approve' : 'decline'}`);

export const inviteGuest = (id: string, email: string) =>
  api.post<{ invitation: GroupInvitation }>(`/groups/${seg(id)}/invitations`, { email }).then((r) => r.invitation);

export const groupKeys = {
  all: ['groups'] as const,
  list: (filter: GroupFilter, q: string) => ['groups', 'list', filter, q] as const,
  one: (id: string) => ['groups', 'one', id] as const,
  members: (id: string) => ['groups', 'members', id] as const,
  requests: (id: string) => ['groups', 'requests', id] as const,
};
