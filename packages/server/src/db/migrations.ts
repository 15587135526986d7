import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import { isPostgres } from './connect.js';

/**
 * Migrations in code, run on start on both dialects. Kysely's migrator takes a lock
 * (pg_advisory_xact_lock on PostgreSQL), so nodes starting at once do not race.
 * Never edit a migration that has shipped: add the next one.
 */
const migrations: Record<string, Migration> = {
  '0001_people_and_posts': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('organization')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('handle', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('department', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('location', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('about', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('manager_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('avatar_key', 'text')
        .addColumn('locale', 'text')
        .addColumn('experience', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await sql`CREATE INDEX users_manager ON users (manager_id)`.execute(db);
      await sql`CREATE INDEX users_name ON users (name, id)`.execute(db);

      await db.schema
        .createTable('user_skills')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('skill', 'text', (c) => c.notNull())
        .addColumn('skill_lower', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_skills_pk', ['user_id', 'skill_lower'])
        .execute();
      await sql`CREATE INDEX user_skills_skill ON user_skills (skill_lower)`.execute(db);

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await sql`CREATE INDEX sessions_user ON sessions (user_id)`.execute(db);

      await db.schema
        .createTable('follows')
        .addColumn('follower_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('followee_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('follows_pk', ['follower_id', 'followee_id'])
        .execute();
      await sql`CREATE INDEX follows_followee ON follows (followee_id, follower_id)`.execute(db);

      await db.schema
        .createTable('topic_follows')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('topic_follows_pk', ['user_id', 'topic'])
        .execute();
      await sql`CREATE INDEX topic_follows_topic ON topic_follows (topic)`.execute(db);

      await db.schema
        .createTable('posts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('author_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('html', 'text', (c) => c.notNull())
        .addColumn('group_id', 'text')
        .addColumn('wall_user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('edited_at', 'text')
        .addColumn('comments_count', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`CREATE INDEX posts_author ON posts (author_id, id)`.execute(db);
      await sql`CREATE INDEX posts_wall ON posts (wall_user_id, id)`.execute(db);
      await sql`CREATE INDEX posts_group ON posts (group_id, id)`.execute(db);

      await db.schema
        .createTable('post_mentions')
        .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('post_mentions_pk', ['post_id', 'user_id'])
        .execute();
      await sql`CREATE INDEX post_mentions_user ON post_mentions (user_id, post_id)`.execute(db);

      await db.schema
        .createTable('post_topics')
        .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
        .addColumn('topic', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('post_topics_pk', ['post_id', 'topic'])
        .execute();
      await sql`CREATE INDEX post_topics_topic ON post_topics (topic, post_id)`.execute(db);

      await db.schema
        .createTable('comments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
        .addColumn('author_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('html', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('edited_at', 'text')
        .execute();
      await sql`CREATE INDEX comments_post ON comments (post_id, id)`.execute(db);

      await db.schema
        .createTable('reactions')
        .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('reactions_pk', ['post_id', 'user_id', 'kind'])
        .execute();
    },
  },
  '0002_invitations': {
    async up(db: Kysely<any>) {
      // One table for every invitation: a colleague added without a password now, a guest
      // invited into a group later. Only the token's hash is stored.
      await db.schema
        .createTable('invitations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
        .addColumn('inviter_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('accepted_at', 'text')
        .execute();
      await sql`CREATE INDEX invitations_user ON invitations (user_id)`.execute(db);
    },
  },
  '0003_groups': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('groups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('visibility', 'text', (c) => c.notNull())
        .addColumn('customer', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('archived_at', 'text')
        .execute();
      await sql`CREATE INDEX groups_name ON groups (name, id)`.execute(db);

      await db.schema
        .createTable('group_members')
        .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
        .execute();
      await sql`CREATE INDEX group_members_user ON group_members (user_id, group_id)`.execute(db);

      await db.schema
        .createTable('group_join_requests')
        .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('group_join_requests_pk', ['group_id', 'user_id'])
        .execute();

      // Guest invitations name the group they open; the inviter's right is checked again at redemption.
      await db.schema.alterTable('invitations').addColumn('group_id', 'text', (c) => c.references('groups.id').onDelete('cascade')).execute();
      await sql`CREATE INDEX invitations_group ON invitations (group_id)`.execute(db);

      // Announcements are posts that stand at the top of the feed until dismissed or expired.
      await db.schema.alterTable('posts').addColumn('announcement', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('posts').addColumn('announcement_expires_at', 'text').execute();
      await sql`CREATE INDEX posts_announcements ON posts (announcement, id)`.execute(db);
      await db.schema
        .createTable('announcement_dismissals')
        .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('announcement_dismissals_pk', ['post_id', 'user_id'])
        .execute();
    },
  },
  '0004_group_photos': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('groups').addColumn('photo_key', 'text').execute();
    },
  },
  '0005_events_and_messaging': {
    async up(db: Kysely<any>) {
      // A rising sequence that is never reused (AUTOINCREMENT; an identity on PostgreSQL).
      const postgres = isPostgres(db);
      await db.schema
        .createTable('events')
        .addColumn('seq', postgres ? 'bigint' : 'integer', (c) =>
          postgres ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await sql`CREATE INDEX events_created ON events (created_at)`.execute(db);
      await db.schema
        .createTable('stream_state')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('conversations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('group_id', 'text', (c) => c.unique().references('groups.id').onDelete('cascade'))
        .addColumn('member_key', 'text', (c) => c.unique())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_message_id', 'text')
        .addColumn('last_message_at', 'text')
        // Creation, then each new message: what the list of conversations is sorted by.
        .addColumn('activity_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('conversation_members')
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('last_read_message_id', 'text')
        .addColumn('joined_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('conversation_members_pk', ['conversation_id', 'user_id'])
        .execute();
      await sql`CREATE INDEX conversation_members_user ON conversation_members (user_id, conversation_id)`.execute(db);
      await db.schema
        .createTable('messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('author_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('html', 'text', (c) => c.notNull())
        .addColumn('mentions', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('client_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('edited_at', 'text')
        .execute();
      await sql`CREATE INDEX messages_conversation ON messages (conversation_id, id)`.execute(db);
      // A retried send (same clientId) finds the first message instead of writing a second one.
      await sql`CREATE UNIQUE INDEX messages_client_id ON messages (conversation_id, author_id, client_id)`.execute(db);

      await db.schema
        .createTable('notifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
        // What it is about goes, and the notification with it.
        .addColumn('post_id', 'text', (c) => c.references('posts.id').onDelete('cascade'))
        .addColumn('comment_id', 'text', (c) => c.references('comments.id').onDelete('cascade'))
        .addColumn('group_id', 'text', (c) => c.references('groups.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('read_at', 'text')
        .execute();
      await sql`CREATE INDEX notifications_user ON notifications (user_id, id)`.execute(db);
    },
  },
};

export async function migrate(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
}
