import type { Post } from '@atrium/contract';
import type { Executor } from '../db/schema.js';
import { RawJson } from '../http/raw-json.js';
import type { Viewer } from '../modules/auth/actor.js';
import { presentPosts } from '../modules/posts/posts.presenter.js';
import { commentPolicy, postPolicy } from '../policies/posts.policy.js';
import type { Hub } from '../realtime/hub.js';
import type { EventData } from '../realtime/outbox.js';
import { ClockCache } from '../lib/clock-cache.js';

/** Nobody in particular: presents a post as every reader sees it, without rights or own reactions. */
const NEUTRAL: Viewer = { id: '', role: 'member', kind: 'member' };

/**
 * A post, serialized once for every reader (DESIGN.md §6, issue 5: "a feed page assembled from
 * cached, already-serialized parts"). `plain` is the post as most readers see it: no reactions of
 * their own and no right to edit or delete it or its latest comments. Readers with any of those
 * get the same bytes with their own parts spliced in between ranges of `plain` (no copy).
 */
export interface CachedPost {
  id: string;
  authorId: string;
  groupId: string | null;
  plain: Buffer;
  /** Where the shared fields end in `plain` (before the viewer's parts). */
  headEnd: number;
  /** Each latest comment's shared fields in `plain`, [start, end). */
  comments: { start: number; end: number; authorId: string }[];
}

export type GroupRole = 'owner' | 'manager' | 'member' | null;

/** The viewer's parts as text, in one place for the plain form and the spliced one. */
const NO_REACTIONS_TEXT = ',"myReactions":[]';
const postRightsText = (edit: boolean, del: boolean) => `,"canEdit":${edit},"canDelete":${del},"latestComments":[`;
const commentRightsText = (edit: boolean, del: boolean) => `,"canEdit":${edit},"canDelete":${del}}`;
const VIEWER_FREE = NO_REACTIONS_TEXT + postRightsText(false, false);
const COMMENT_VIEWER_FREE = commentRightsText(false, false);

function cacheable(post: Post): CachedPost {
  const { myReactions: _m, canEdit: _e, canDelete: _d, latestComments, ...shared } = post;
  // Each object's JSON without its closing brace: the viewer's fields follow.
  const open = (value: object) => JSON.stringify(value).slice(0, -1);
  const head = open(shared);
  let text = head + VIEWER_FREE;
  const comments = latestComments.map(({ canEdit: _ce, canDelete: _cd, ...c }, i) => {
    if (i > 0) text += ',';
    const start = Buffer.byteLength(text);
    text += open(c);
    const end = Buffer.byteLength(text);
    text += COMMENT_VIEWER_FREE;
    return { start, end, authorId: c.author.id };
  });
  text += ']}';
  return { id: post.id, authorId: post.author.id, groupId: post.groupId, plain: Buffer.from(text), headEnd: Buffer.byteLength(head), comments };
}

/** The viewer's own reactions to these posts (kinds sorted), the one part of his that needs a query. */
export async function ownReactions(db: Executor, userId: string, postIds: readonly string[]): Promise<Map<string, string[]>> {
  const byPost = new Map<string, string[]>();
  if (postIds.length === 0) return byPost;
  const rows = await db.selectFrom('reactions').select(['post_id', 'kind']).where('user_id', '=', userId).where('post_id', 'in', postIds).execute();
  for (const r of rows) byPost.set(r.post_id, [...(byPost.get(r.post_id) ?? []), r.kind].sort());
  return byPost;
}

/** The small pieces between cached parts, made once; the rights' pieces indexed by `bit(edit, delete)`. */
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');
const NO_REACTIONS = Buffer.from(NO_REACTIONS_TEXT);
const bit = (edit: boolean, del: boolean) => (edit ? 2 : 0) + (del ? 1 : 0);
const POST_RIGHTS = [0, 1, 2, 3].map((b) => Buffer.from(postRightsText(b >= 2, b % 2 === 1)));
const COMMENT_RIGHTS = [0, 1, 2, 3].map((b) => Buffer.from(commentRightsText(b >= 2, b % 2 === 1)));

/**
 * The post as `viewer` sees it, given his role in its group and his own reactions to it: pushed
 * onto `out` as byte ranges (the cached bytes themselves, and the viewer's few bytes between them).
 */
function serializeFor(out: Buffer[], p: CachedPost, viewer: Viewer, groupRole: GroupRole, myReactions: readonly string[]) {
  const target = { author_id: p.authorId, group_id: p.groupId };
  const postRights = bit(postPolicy.update(viewer, target, groupRole), postPolicy.delete(viewer, target, groupRole));
  let commentRights = 0;
  for (const c of p.comments) {
    commentRights |= bit(commentPolicy.update(viewer, { author_id: c.authorId }), commentPolicy.delete(viewer, { author_id: c.authorId }, target, groupRole));
  }
  if (postRights === 0 && commentRights === 0 && myReactions.length === 0) {
    out.push(p.plain);
    return;
  }
  out.push(p.plain.subarray(0, p.headEnd));
  out.push(myReactions.length ? Buffer.from(`,"myReactions":${JSON.stringify(myReactions)}`) : NO_REACTIONS, POST_RIGHTS[postRights]);
  p.comments.forEach((c, i) => {
    if (i > 0) out.push(COMMA);
    const rights = bit(commentPolicy.update(viewer, { author_id: c.authorId }), commentPolicy.delete(viewer, { author_id: c.authorId }, target, groupRole));
    out.push(p.plain.subarray(c.start, c.end), COMMENT_RIGHTS[rights]);
  });
  out.push(CLOSE);
}

/** What of a page is the viewer's own: his role in each post's group and his reactions. */
export interface ViewerParts {
  roleIn(groupId: string): GroupRole;
  reactionsTo(postId: string): readonly string[];
}

const ITEMS_OPEN = Buffer.from('{"items":[');

/**
 * Serialized posts by id, kept true by the event log: any change to a post (edit, comment,
 * reaction, deletion) drops it, a change to a group or a person drops everything (rare).
 */
export class PostCache {
  private entries: ClockCache<string, CachedPost>;
  /** Bumped at each invalidation; `touched` remembers when each post was last dropped. */
  private epoch = 0;
  private touched = new Map<string, number>();
  private loading = new Set<number>();
  /** The epoch of the last `clear()`: loads that began before it are not kept. */
  private clearedAt = 0;

  constructor(max: number) {
    this.entries = new ClockCache(max);
  }

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

  /**
   * The posts with these ids, in the same order (undefined where one no longer exists); those not
   * cached are loaded in one batch (a fixed number of queries).
   */
  async getMany(db: Executor, ids: readonly string[]): Promise<(CachedPost | undefined)[]> {
    const found = ids.map((id) => this.entries.get(id));
    const missing = ids.filter((_, i) => found[i] === undefined);
    if (missing.length === 0) return found;
    const started = this.epoch;
    this.loading.add(started);
    try {
      const rows = await db.selectFrom('posts as p').selectAll('p').where('p.id', 'in', missing).execute();
      const loaded = new Map<string, CachedPost>();
      for (const post of await presentPosts(db, rows, NEUTRAL)) {
        const entry = cacheable(post);
        loaded.set(post.id, entry);
        // A post changed while it was loading may be stale: serve it this once, keep it not.
        if ((this.touched.get(post.id) ?? 0) <= started && this.clearedAt <= started) this.entries.set(entry.id, entry);
      }
      return ids.map((id, i) => found[i] ?? loaded.get(id));
    } finally {
      this.loading.delete(started);
      if (this.touched.size > 10_000) this.forgetTouches();
    }
  }

  /** A page of these posts as `viewer` sees them, assembled from their serialized bytes. */
  async page(db: Executor, viewer: Viewer, page: { ids: readonly string[]; nextCursor: string | null }, parts: ViewerParts): Promise<RawJson> {
    const posts = await this.getMany(db, page.ids);
    const out: Buffer[] = [ITEMS_OPEN];
    let first = true;
    for (const p of posts) {
      if (!p) continue; // deleted a moment ago
      if (!first) out.push(COMMA);
      first = false;
      serializeFor(out, p, viewer, p.groupId ? parts.roleIn(p.groupId) : null, parts.reactionsTo(p.id));
    }
    out.push(Buffer.from(`],"nextCursor":${JSON.stringify(page.nextCursor)}}`));
    return new RawJson(Buffer.concat(out));
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
