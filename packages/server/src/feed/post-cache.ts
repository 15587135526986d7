import type { Post } from '@atrium/contract';
import type { Executor } from '../db/schema.js';
import type { Viewer } from '../modules/auth/actor.js';
import { presentPosts } from '../modules/posts/posts.presenter.js';
import { commentPolicy, postPolicy } from '../policies/posts.policy.js';
import type { Hub } from '../realtime/hub.js';
import type { EventData } from '../realtime/outbox.js';

/** Nobody in particular: presents a post as every reader sees it, without rights or own reactions. */
const NEUTRAL: Viewer = { id: '', role: 'member', kind: 'member' };

/**
 * A post, serialized once for every reader (DESIGN.md §6, issue 5: "a feed page assembled from
 * cached, already-serialized parts"). Only the viewer's own parts are added per request:
 * `myReactions`, `canEdit`, `canDelete`, and the rights on the latest comments.
 */
export interface CachedPost {
  id: string;
  authorId: string;
  groupId: string | null;
  /** The post's JSON (UTF-8) without the viewer's parts and without its closing brace. */
  head: Buffer;
  comments: { head: Buffer; authorId: string }[];
}

type GroupRole = 'owner' | 'manager' | 'member' | null;

function cacheable(post: Post): CachedPost {
  const { myReactions: _m, canEdit: _e, canDelete: _d, latestComments, ...shared } = post;
  // Encoded once: a page is then copied together, not encoded again for every reader.
  const open = (value: object) => Buffer.from(JSON.stringify(value).slice(0, -1));
  return {
    id: post.id,
    authorId: post.author.id,
    groupId: post.groupId,
    head: open(shared),
    comments: latestComments.map(({ canEdit: _ce, canDelete: _cd, ...c }) => ({ head: open(c), authorId: c.author.id })),
  };
}

/** The small pieces between cached parts, made once. */
const piece = new Map<string, Buffer>();
const bytes = (text: string) => {
  let b = piece.get(text);
  if (!b) piece.set(text, (b = Buffer.from(text)));
  return b;
};
const COMMA = Buffer.from(',');
const rights = (edit: boolean, del: boolean) => bytes(`,"canEdit":${edit},"canDelete":${del}}`);

/**
 * The post as `viewer` sees it, given his role in its group and his own reactions to it: pushed
 * onto `out` as byte ranges (the cached parts themselves, and the viewer's few bytes between them).
 */
export function serializeFor(out: Buffer[], p: CachedPost, viewer: Viewer, groupRole: GroupRole, myReactions: readonly string[]) {
  const target = { author_id: p.authorId, group_id: p.groupId };
  out.push(p.head);
  const mine = myReactions.length ? Buffer.from(`,"myReactions":${JSON.stringify(myReactions)}`) : bytes(',"myReactions":[]');
  out.push(mine, bytes(`,"canEdit":${postPolicy.update(viewer, target, groupRole)},"canDelete":${postPolicy.delete(viewer, target, groupRole)},"latestComments":[`));
  p.comments.forEach((c, i) => {
    if (i > 0) out.push(COMMA);
    out.push(c.head, rights(commentPolicy.update(viewer, { author_id: c.authorId }), commentPolicy.delete(viewer, { author_id: c.authorId }, target, groupRole)));
  });
  out.push(bytes(']}'));
}

/**
 * Serialized posts by id, kept true by the event log: any change to a post (edit, comment,
 * reaction, deletion) drops it, a change to a group or a person drops everything (rare).
 */
export class PostCache {
  private entries = new Map<string, CachedPost>();
  /** Bumped at each invalidation; `touched` remembers when each post was last dropped. */
  private epoch = 0;
  private touched = new Map<string, number>();
  private loading = new Set<number>();
  /** The epoch of the last `clear()`: loads that began before it are not kept. */
  private clearedAt = 0;

  constructor(private max: number) {}

  get size() {
    return this.entries.size;
  }

  drop(postId: string) {
    this.epoch++;
    this.entries.delete(postId);
    this.touched.set(postId, this.epoch);
  }

  clear() {
    this.epoch++;
    this.entries.clear();
    this.touched.clear();
    this.clearedAt = this.epoch;
  }

  /** The posts that exist, by id; those not cached are loaded in one batch (a fixed number of queries). */
  async getMany(db: Executor, ids: readonly string[]): Promise<Map<string, CachedPost>> {
    const found = new Map<string, CachedPost>();
    const missing: string[] = [];
    for (const id of ids) {
      const hit = this.entries.get(id);
      if (hit) {
        // Least recently used goes first: re-insert at the end.
        this.entries.delete(id);
        this.entries.set(id, hit);
        found.set(id, hit);
      } else {
        missing.push(id);
      }
    }
    if (missing.length === 0) return found;
    const started = this.epoch;
    this.loading.add(started);
    try {
      const rows = await db.selectFrom('posts as p').selectAll('p').where('p.id', 'in', missing).execute();
      for (const post of await presentPosts(db, rows, NEUTRAL)) {
        const entry = cacheable(post);
        found.set(post.id, entry);
        // A post changed while it was loading may be stale: serve it this once, keep it not.
        if ((this.touched.get(post.id) ?? 0) <= started && this.clearedAt <= started) this.store(entry);
      }
    } finally {
      this.loading.delete(started);
      if (this.touched.size > 10_000) this.forgetTouches();
    }
    return found;
  }

  private store(entry: CachedPost) {
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(entry.id, entry);
  }

  /** Touches older than every load in flight cannot matter any more. */
  private forgetTouches() {
    const oldest = this.loading.size ? Math.min(...this.loading) : this.epoch;
    for (const [id, at] of this.touched) if (at < oldest) this.touched.delete(id);
  }

  follow(hub: Hub) {
    hub.onEvent((e) => {
      switch (e.type) {
        case 'post.updated':
          return this.drop((JSON.parse(e.data) as EventData['post.updated']).post.id);
        case 'post.deleted':
        case 'comment.created':
        case 'comment.updated':
        case 'comment.deleted':
        case 'reaction.changed':
          return this.drop((JSON.parse(e.data) as { postId: string }).postId);
        case 'group.updated':
        case 'user.changed':
          return this.clear();
      }
    });
  }
}
