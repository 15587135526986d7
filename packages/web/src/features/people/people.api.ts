import type { Page, User, UserCreate, UserSummary, UserUpdate } from '@atrium/contract';
import { api, request, seg } from '../../lib/api-client';

export const searchUsers = (q: string | undefined, cursor?: string, limit?: number, signal?: AbortSignal) =>
  api.get<Page<User>>('/users', { q, cursor, limit }, signal);

/** Admins only for `deactivated`: the people who can no longer sign in, to find and reactivate them. */
export const listUsersByStatus = (status: User['status'], q: string | undefined, cursor?: string, signal?: AbortSignal) =>
  api.get<Page<User>>('/users', { q, status, cursor }, signal);

export const getUser = (id: string) => api.get<{ user: User }>(`/users/${seg(id)}`).then((r) => r.user);
export const updateUser = (id: string, patch: UserUpdate) =>
  api.patch<{ user: User }>(`/users/${seg(id)}`, patch).then((r) => r.user);
export const createUser = (input: UserCreate) => api.post<{ user: User }>('/users', input).then((r) => r.user);

export function uploadAvatar(id: string, file: File): Promise<User> {
  const form = new FormData();
  form.append('file', file);
  return request<{ user: User }>('PUT', `/users/${seg(id)}/avatar`, { body: form }).then((r) => r.user);
}

/** Answers with the person (his new follower count) where the server sends it. */
export const follow = (id: string, on: boolean) =>
  (on ? api.post<{ user?: User } | undefined>(`/users/${seg(id)}/follow`) : api.delete<{ user?: User } | undefined>(`/users/${seg(id)}/follow`)).then(
    (r) => r?.user ?? null,
  );

export const getReports = (id: string) => api.get<{ items: UserSummary[] }>(`/users/${seg(id)}/reports`);
export const getFollowers = (id: string, cursor?: string) =>
  api.get<Page<UserSummary>>(`/users/${seg(id)}/followers`, { cursor });
export const getFollowing = (id: string, cursor?: string) =>
  api.get<Page<UserSummary>>(`/users/${seg(id)}/following`, { cursor });

export const userKeys = {
  one: (id: string) => ['user', id] as const,
  directory: (q: string) => ['users', 'directory', q] as const,
  search: (q: string) => ['users', 'search', q] as const,
  admin: (status: User['status'], q: string) => ['users', 'admin', status, q] as const,
  reports: (id: string) => ['users', 'reports', id] as const,
  followers: (id: string) => ['users', 'followers', id] as const,
  following: (id: string) => ['users', 'following', id] as const,
};
