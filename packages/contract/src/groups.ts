import { z } from 'zod';
import { Email } from './users.js';
import { Id, PageQuery, Timestamp, page } from './common.js';
import { LIMITS } from './limits.js';
import { UserSummary } from './users.js';

export const GroupVisibility = z.enum(['public', 'private', 'unlisted']);
export type GroupVisibility = z.infer<typeof GroupVisibility>;
export const GroupRole = z.enum(['owner', 'manager', 'member']);
export type GroupRole = z.infer<typeof GroupRole>;

export const Group = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  /** The group's picture, served through the API (same rules as the group), or null. */
  photoUrl: z.string().nullable(),
  visibility: GroupVisibility,
  /** A customer group: always private; people from outside are invited into it as guests. */
  customer: z.boolean(),
  membersCount: z.number().int(),
  /** Whether people from outside are members: the page and the composer say "Customers can see this". */
  hasGuests: z.boolean(),
  archived: z.boolean(),
  /** The caller's role; `guest` for a person from outside; null when not a member. */
  myRole: z.enum(['owner', 'manager', 'member', 'guest']).nullable(),
  /** The caller asked to join this private group and waits for an answer. */
  myRequest: z.enum(['pending']).nullable(),
  /** Whether the caller may read the group's posts, members and files. */
  canRead: z.boolean(),
  /** Whether the caller may manage members, requests, invitations and settings. */
  canManage: z.boolean(),
  createdAt: Timestamp,
});
export type Group = z.infer<typeof Group>;
export const GroupEnvelope = z.object({ group: Group });
export const GroupPage = page(Group);

export const GroupCreate = z
  .object({
    name: z.string().trim().min(1).max(LIMITS.groupName),
    description: z.string().trim().max(LIMITS.groupDescription).default(''),
    visibility: GroupVisibility,
    customer: z.boolean().default(false),
  })
  .strict()
  .refine((g) => !g.customer || g.visibility === 'private', { message: 'A customer group is always private', path: ['visibility'] });

export const GroupUpdate = z
  .object({
    name: z.string().trim().min(1).max(LIMITS.groupName),
    description: z.string().trim().max(LIMITS.groupDescription),
    visibility: GroupVisibility,
    archived: z.boolean(),
  })
  .partial()
  .strict();

export const GroupQuery = PageQuery.extend({
  q: z.string().trim().max(LIMITS.searchQuery).optional(),
  /** `mine`: only the groups the caller belongs to. */
  filter: z.enum(['all', 'mine']).default('all'),
});

export const GroupMember = z.object({
  user: UserSummary,
  role: GroupRole,
  joinedAt: Timestamp,
});
export const GroupMemberPage = page(GroupMember);
export const GroupMemberEnvelope = z.object({ member: GroupMember });
export const GroupMemberAdd = z.object({ userId: Id, role: GroupRole.default('member') }).strict();
export const GroupMemberUpdate = z.object({ role: GroupRole }).strict();
export const GroupMemberParams = z.object({ id: Id, userId: Id });

export const JoinRequest = z.object({ user: UserSummary, createdAt: Timestamp });
export const JoinRequestPage = page(JoinRequest);
export const JoinResponse = z.object({ group: Group, status: z.enum(['joined', 'requested']) });

export const GroupInvitationCreate = z.object({ email: Email }).strict();
export const GroupInvitation = z.object({
  id: Id,
  email: z.string(),
  url: z.string(),
  expiresAt: Timestamp,
});
export const GroupInvitationEnvelope = z.object({ invitation: GroupInvitation });

/** Admins' view of people from outside. */
export const GuestInfo = z.object({
  user: UserSummary.extend({ email: z.string() }),
  groups: z.array(z.object({ id: Id, name: z.string() })),
  invitedBy: UserSummary.nullable(),
  lastActivityAt: Timestamp.nullable(),
});
export const GuestPage = page(GuestInfo);

export const Announcement = z.object({
  postId: Id,
  expiresAt: Timestamp.nullable(),
});
