import type { OrgChartNode, User, UserSummary } from '@atrium/contract';
import type { UserRow } from './users.repo.js';

type SummaryRow = Pick<UserRow, 'id' | 'handle' | 'name' | 'title' | 'department' | 'avatar_key' | 'kind'>;

/** Avatars are served through the API (authorization applies); the key's hash busts caches on change. */
export function avatarUrl(row: Pick<UserRow, 'id' | 'avatar_key'>): string | null {
  if (!row.avatar_key) return null;
  const version = row.avatar_key.split('/').pop()!.split('.')[0].slice(-12);
  return `/api/v1/users/${row.id}/avatar?v=${version}`;
}

export function presentUserSummary(row: SummaryRow): UserSummary {
  return {
    id: row.id,
    handle: row.handle,
    name: row.name,
    title: row.title,
    department: row.department,
    avatarUrl: avatarUrl(row),
    kind: row.kind,
  };
}

export function presentOrgNode(row: SummaryRow & { manager_id: string | null }): OrgChartNode {
  return { ...presentUserSummary(row), managerId: row.manager_id };
}

export function presentUser(
  row: UserRow,
  extra: { skills: string[]; followers: number; following: number; isFollowing: boolean },
): User {
  return {
    ...presentUserSummary(row),
    email: row.email,
    location: row.location,
    phone: row.phone,
    about: row.about,
    managerId: row.manager_id,
    skills: extra.skills,
    experience: JSON.parse(row.experience),
    role: row.role,
    status: row.status,
    locale: row.locale,
    followersCount: extra.followers,
    followingCount: extra.following,
    isFollowing: extra.isFollowing,
    createdAt: row.created_at,
  };
}
