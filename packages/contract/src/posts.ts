import { z } from 'zod';
import { Id, PageQuery, Timestamp, page } from './common.js';
import { LIMITS } from './limits.js';
import { UserSummary } from './users.js';

export const Body = z.string().max(LIMITS.textBody).refine((s) => s.trim().length > 0, 'must not be empty');

/**
 * `like` or an emoji short name such as `tada`, `+1` or `man_technologist`. Kinds become keys of
 * the `reactions` map, so none may start with `_`: `__proto__` would vanish from it on the way out.
 */
export const ReactionKind = z.string().regex(/^[a-z0-9+-][a-z0-9_+-]{0,31}$/, 'a short name like "like" or "tada"');

export const Comment = z.object({
  id: Id,
  postId: Id,
  author: UserSummary,
  body: z.string(),
  html: z.string(),
  createdAt: Timestamp,
  editedAt: Timestamp.nullable(),
  canEdit: z.boolean(),
  canDelete: z.boolean(),
});
export type Comment = z.infer<typeof Comment>;

export const Post = z.object({
  id: Id,
  author: UserSummary,
  body: z.string(),
  html: z.string(),
  groupId: Id.nullable(),
  wallUserId: Id.nullable(),
  wallUser: UserSummary.nullable(),
  createdAt: Timestamp,
  editedAt: Timestamp.nullable(),
  commentsCount: z.number().int(),
  reactions: z.record(z.string(), z.number().int()),
  myReactions: z.array(z.string()),
  mentions: z.array(Id),
  topics: z.array(z.string()),
  canEdit: z.boolean(),
  canDelete: z.boolean(),
  /** The group it was posted in ("in Sales Germany"), or null. */
  group: z.object({ id: Id, name: z.string() }).nullable(),
  announcement: z.object({ expiresAt: Timestamp.nullable() }).nullable(),
  /** The newest few comments (up to 3), oldest first, so a feed shows them without another request. */
  latestComments: z.array(Comment),
});
export type Post = z.infer<typeof Post>;
export const PostEnvelope = z.object({ post: Post });
export const PostPage = page(Post);

export const PostCreate = z
  .object({
    body: Body,
    groupId: Id.optional(),
    wallUserId: Id.optional(),
    /** An announcement stands at the top of feeds until dismissed or expired: admins company-wide, owners in their group. */
    announcement: z.boolean().optional(),
    announcementExpiresAt: z.iso.datetime().optional(),
  })
  .strict()
  .refine((p) => !(p.groupId && p.wallUserId), { message: 'A post goes to a group or to a wall, not both', path: ['wallUserId'] })
  .refine((p) => p.announcementExpiresAt === undefined || p.announcement === true, {
    message: 'Only announcements expire',
    path: ['announcementExpiresAt'],
  });
export const PostUpdate = z.object({ body: Body }).strict();


export const CommentEnvelope = z.object({ comment: Comment });
export const CommentPage = page(Comment);
export const CommentCreate = z.object({ body: Body }).strict();

export const ReactionParams = z.object({ id: Id, kind: ReactionKind });
export const ReactionsResponse = z.object({
  reactions: z.record(z.string(), z.number().int()),
  myReactions: z.array(z.string()),
});

export const TopicName = z
  .string()
  .min(1)
  .max(LIMITS.topic)
  .regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, _ and - only');
export const TopicParams = z.object({ name: TopicName });
export const Topic = z.object({
  name: z.string(),
  postsCount: z.number().int(),
  followersCount: z.number().int(),
  isFollowing: z.boolean(),
});
export const TopicEnvelope = z.object({ topic: Topic });
export const FeedQuery = PageQuery;
