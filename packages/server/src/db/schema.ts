import type { Generated, Kysely, Transaction } from 'kysely';

// Times are ISO 8601 UTC strings and ids are ULIDs in both dialects: they sort as text,
// and no value changes shape between SQLite and PostgreSQL.

export interface OrganizationTable {
  id: string;
  name: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  email: string; // lower-cased
  handle: string; // lower-cased
  name: string;
  password_hash: string | null;
  role: 'admin' | 'member';
  kind: 'member' | 'guest';
  status: 'active' | 'deactivated';
  title: string;
  department: string;
  location: string;
  phone: string;
  about: string;
  manager_id: string | null;
  avatar_key: string | null;
  locale: 'en' | 'de' | null;
  experience: string; // JSON array of contract Experience
  created_at: string;
  updated_at: string;
}

export interface UserSkillsTable {
  user_id: string;
  skill: string;
  skill_lower: string;
  position: number;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface FollowsTable {
  follower_id: string;
  followee_id: string;
  created_at: string;
}

export interface TopicFollowsTable {
  user_id: string;
  topic: string;
  created_at: string;
}

export interface PostsTable {
  id: string;
  author_id: string;
  body: string;
  html: string;
  group_id: string | null;
  wall_user_id: string | null;
  created_at: string;
  edited_at: string | null;
  comments_count: number;
  announcement: number; // 0 | 1
  announcement_expires_at: string | null;
}

export interface PostMentionsTable {
  post_id: string;
  user_id: string;
}

export interface PostTopicsTable {
  post_id: string;
  topic: string;
}

export interface CommentsTable {
  id: string;
  post_id: string;
  author_id: string;
  body: string;
  html: string;
  created_at: string;
  edited_at: string | null;
}

export interface ReactionsTable {
  post_id: string;
  user_id: string;
  kind: string;
  created_at: string;
}

export interface GroupsTable {
  id: string;
  name: string;
  description: string;
  visibility: 'public' | 'private' | 'unlisted';
  customer: number; // 0 | 1
  created_by: string | null;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  photo_key: string | null;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
  role: 'owner' | 'manager' | 'member';
  created_at: string;
}

export interface GroupJoinRequestsTable {
  group_id: string;
  user_id: string;
  created_at: string;
}

export interface AnnouncementDismissalsTable {
  post_id: string;
  user_id: string;
  created_at: string;
}

export interface InvitationsTable {
  id: string;
  token_hash: string;
  kind: 'member' | 'guest';
  group_id: string | null;
  email: string;
  user_id: string | null;
  inviter_id: string | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
}

/** The outbox (realtime/outbox.ts): one row per change others may see, in commit order. */
export interface EventsTable {
  seq: Generated<number | string>; // pg returns bigint as a string
  type: string;
  data: string; // JSON
  audience: string; // JSON, realtime/audiences.ts
  created_at: string;
}

/** Small facts about the stream, e.g. `floor`: events up to this seq have been pruned. */
export interface StreamStateTable {
  key: string;
  value: string;
}

export interface ConversationsTable {
  id: string;
  kind: 'direct' | 'group' | 'chat';
  group_id: string | null; // chat
  member_key: string | null; // direct and group: the sorted member ids, unique
  created_by: string;
  created_at: string;
  last_message_id: string | null;
  last_message_at: string | null;
  activity_at: string;
}

/** Direct and group conversations: who is in. Group chats: a row only once someone has read it. */
export interface ConversationMembersTable {
  conversation_id: string;
  user_id: string;
  last_read_message_id: string | null;
  joined_at: string;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  author_id: string;
  body: string;
  html: string;
  mentions: string; // JSON array of user ids
  client_id: string | null;
  created_at: string;
  edited_at: string | null;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: 'mention' | 'comment' | 'reaction' | 'wall_post' | 'group_added' | 'join_request' | 'join_approved';
  actor_id: string | null;
  post_id: string | null;
  comment_id: string | null;
  group_id: string | null;
  created_at: string;
  read_at: string | null;
}

export interface DB {
  organization: OrganizationTable;
  users: UsersTable;
  user_skills: UserSkillsTable;
  sessions: SessionsTable;
  follows: FollowsTable;
  topic_follows: TopicFollowsTable;
  posts: PostsTable;
  post_mentions: PostMentionsTable;
  post_topics: PostTopicsTable;
  comments: CommentsTable;
  reactions: ReactionsTable;
  invitations: InvitationsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  group_join_requests: GroupJoinRequestsTable;
  announcement_dismissals: AnnouncementDismissalsTable;
  events: EventsTable;
  stream_state: StreamStateTable;
  conversations: ConversationsTable;
  conversation_members: ConversationMembersTable;
  messages: MessagesTable;
  notifications: NotificationsTable;
}

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Repos take either: a transaction inside a service verb, or the pool for plain reads. */
export type Executor = Kysely<DB>;
