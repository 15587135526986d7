import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../packages/server/src/config.js';
import { createContext } from '../../packages/server/src/context.js';
import { DEPARTMENTS, FIRST_NAMES, LAST_NAMES, LOCATIONS } from '../../packages/server/src/demo/demo-data.js';
import { newId } from '../../packages/server/src/lib/ids.js';
import { hashPassword } from '../../packages/server/src/modules/auth/passwords.js';
import { BulkWriter, PostgresWriter, SqliteWriter, type Table } from './bulk.js';
import { COMMENT_TEMPLATES, POST_TEMPLATES, TOPICS, checkTemplate, compile } from './content.js';
import { progress } from './progress.js';
import { Random, Zipf } from './random.js';
import { BENCH_PASSWORD, DATASET_VERSION, type Scale } from './scales.js';

export type Target = { kind: 'sqlite'; dataDir: string } | { kind: 'postgres'; url: string };

export interface GenerateOptions {
  scale: Scale;
  seed: number;
  target: Target;
  /**
   * Keep the secondary indexes while loading. By default they are dropped and rebuilt at the end,
   * which was faster at M (docs/benchmarks.md has the measurement).
   */
  keepIndexes?: boolean;
}

/** What the harness needs to know about a generated company, stored beside it. */
export interface Manifest {
  version: number;
  scale: Scale['name'];
  seed: number;
  dialect: 'sqlite' | 'postgres';
  generatedAt: string;
  seconds: number;
  counts: Partial<Record<Table, number>>;
  login: { id: string; email: string; password: string };
  /** A deterministic sample of people (for sessions) and of posts (for reads, comments and likes). */
  people: { id: string; handle: string }[];
  posts: string[];
  /** Public groups, whose feeds every colleague may read. */
  publicGroups: string[];
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Zipf exponents: posting is very unequal; commenting and liking a little less. */
const POSTING_SKEW = 0.9;
const REACTING_SKEW = 0.6;
const TEAM = 8; // direct reports per manager: person i reports to (i - 1) / 8
const SAMPLE_PEOPLE = 1_000;
const SAMPLE_POSTS = 5_000;
const POSTS_PER_DRAIN = 1_000;
/** Of the posts whose author is in a group, this share goes to one of his groups. */
const GROUP_POST_SHARE = 0.3;
/** Every tenth group is a customer group, with this many guests from outside. */
const GUESTS_PER_CUSTOMER_GROUP = 3;
const GROUP_WORDS = ['Guild', 'Circle', 'Project', 'Team', 'Club', 'Council', 'Network', 'Lab'];
const LOADED: Table[] = ['users', 'user_skills', 'groups', 'group_members', 'follows', 'topic_follows', 'posts', 'post_mentions', 'post_topics', 'comments', 'reactions'];

/** A min-heap of pending comments by time, so that every id is made in time order (ULIDs sort by time). */
class Pending<T extends { t: number }> {
  private readonly items: T[] = [];
  get size() {
    return this.items.length;
  }
  peek(): T | undefined {
    return this.items[0];
  }
  push(item: T) {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (a[parent].t <= a[i].t) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].t < a[m].t) m = l;
        if (r < a.length && a[r].t < a[m].t) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Fill a FRESH instance with a company: people in an org chart with departments, groups (customer
 * groups with guests among them), follows (about `followsPerPerson` each, towards their team and
 * towards busy posters), topic follows, and two years of posts in the company and in groups, with
 * mentions, topics, wall posts, comments and likes. Activity is Zipf-distributed.
 * Deterministic from the seed, apart from the random half of each ULID.
 */
export async function generate(opts: GenerateOptions): Promise<Manifest> {
  const started = Date.now();
  const { scale, seed, target } = opts;

  // Migrations and the "fresh" check go through the server's own context.
  const dataDir = target.kind === 'sqlite' ? target.dataDir : fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-bench-'));
  const dbUrl = target.kind === 'sqlite' ? `sqlite:${path.join(dataDir, 'atrium.db')}` : target.url;
  const ctx = await createContext(loadConfig({ ATRIUM_DATA_DIR: dataDir, DATABASE_URL: dbUrl, LOG_LEVEL: 'silent' }), { silent: true });
  try {
    const [org, user] = await Promise.all([
      ctx.db.selectFrom('organization').select('id').executeTakeFirst(),
      ctx.db.selectFrom('users').select('id').executeTakeFirst(),
    ]);
    if (org || user) throw new Error('the generator fills a FRESH instance only (this one already has an organization or people)');
  } finally {
    await ctx.close();
    if (target.kind === 'postgres') fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const passwordHash = await hashPassword(BENCH_PASSWORD); // once: argon2 is slow on purpose
  const w: BulkWriter = target.kind === 'sqlite' ? new SqliteWriter(path.join(dataDir, 'atrium.db')) : await PostgresWriter.open(target.url);
  try {
    const recreate = opts.keepIndexes ? null : await w.dropIndexes(LOADED);
    const manifest = await fill(w, scale, seed, passwordHash, target.kind);
    await w.finish();
    if (recreate) {
      const bar = progress('indexes', 1);
      await recreate();
      bar.done();
    }
    manifest.counts = w.counts;
    manifest.seconds = Math.round((Date.now() - started) / 100) / 10;
    return manifest;
  } finally {
    await w.close();
  }
}

async function fill(w: BulkWriter, scale: Scale, seed: number, passwordHash: string, dialect: 'sqlite' | 'postgres'): Promise<Manifest> {
  const rnd = new Random(seed);
  const N = scale.people;
  const end = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
  const start = end - 730 * DAY;
  const iso = (t: number) => new Date(t).toISOString();

  // --- people: an org chart of teams of eight under one CEO, departments inherited from the top
  const ids: string[] = [];
  const handles: string[] = [];
  const dept = new Int32Array(N);
  const byDept: number[][] = DEPARTMENTS.map(() => []);
  const joined = start - 60 * DAY;
  w.add('organization', { id: 'org', name: `Bench Company ${scale.name}`, created_at: iso(joined) });
  let bar = progress('people', N);
  for (let i = 0; i < N; i++) {
    const manager = i === 0 ? -1 : Math.floor((i - 1) / TEAM);
    dept[i] = i === 0 ? 0 : manager === 0 ? (i - 1) % DEPARTMENTS.length : dept[manager];
    byDept[dept[i]].push(i);
    const d = DEPARTMENTS[dept[i]];
    const first = FIRST_NAMES[i % FIRST_NAMES.length];
    const last = LAST_NAMES[(i * 7 + Math.floor(i / FIRST_NAMES.length)) % LAST_NAMES.length];
    const handle = `${first}.${last}${i}`.toLowerCase();
    const t = joined + Math.floor((i * 30 * DAY) / N);
    const id = newId(t);
    ids.push(id);
    handles.push(handle);
    const managesTeam = TEAM * i + 1 < N;
    w.add('users', {
      id,
      email: `${handle}@bench.atrium.test`,
      handle,
      name: `${first} ${last}`,
      password_hash: passwordHash,
      role: i === 0 ? 'admin' : 'member',
      kind: 'member',
      status: 'active',
      title: i === 0 ? 'Chief Executive Officer' : managesTeam ? `Team lead, ${d.name}` : rnd.pick(d.titles),
      department: d.name,
      location: rnd.pick(LOCATIONS),
      phone: `+49 30 ${1_000_000 + i}`,
      about: '',
      manager_id: manager < 0 ? null : ids[manager],
      avatar_key: null,
      locale: rnd.next() < 0.3 ? 'de' : null,
      experience: '[]',
      created_at: iso(t),
      updated_at: iso(t),
    });
    const skills = [...new Set([rnd.pick(d.skills), rnd.pick(d.skills)])];
    skills.forEach((skill, position) => w.add('user_skills', { user_id: id, skill, skill_lower: skill.toLowerCase(), position }));
    bar.tick();
  }
  bar.done();
  await w.drain();

  const groups = await seedGroups(w, scale, rnd, { ids, handles, dept, start: joined + 31 * DAY, passwordHash, iso });

  // --- follows: one's manager, team mates and reports, then busy posters and department colleagues
  const posting = new Zipf(N, POSTING_SKEW, rnd.permutation(N));
  const reacting = new Zipf(N, REACTING_SKEW, rnd.permutation(N));
  const topicOf = new Zipf(TOPICS.length, 1, Int32Array.from(TOPICS, (_, i) => i));
  const follows: Int32Array[] = [];
  bar = progress('follows', N);
  for (let i = 0; i < N; i++) {
    const want = Math.min(N - 1, Math.round(scale.followsPerPerson * (0.5 + rnd.next())));
    const set = new Set<number>();
    const manager = i === 0 ? -1 : Math.floor((i - 1) / TEAM);
    const near = [manager, ...Array.from({ length: TEAM }, (_, k) => TEAM * Math.max(manager, 0) + 1 + k), ...Array.from({ length: TEAM }, (_, k) => TEAM * i + 1 + k)];
    for (const j of near) if (j >= 0 && j < N && j !== i && set.size < want) set.add(j);
    for (let tries = 0; set.size < want && tries < want * 20; tries++) {
      const j = rnd.next() < 0.5 ? posting.sample(rnd) : rnd.pick(byDept[dept[i]]);
      if (j !== i) set.add(j);
    }
    const list = Int32Array.from(set).sort();
    follows.push(list);
    const t = iso(joined + 31 * DAY + rnd.int(30 * DAY));
    for (const j of list) w.add('follows', { follower_id: ids[i], followee_id: ids[j], created_at: t });
    const topics = new Set<number>();
    for (let k = rnd.int(4); k > 0; k--) topics.add(topicOf.sample(rnd));
    for (const k of topics) w.add('topic_follows', { user_id: ids[i], topic: TOPICS[k], created_at: t });
    if (i % 100 === 99) await w.drain();
    bar.tick();
  }
  bar.done();

  // --- templates, rendered once each and checked against a direct render
  const posts = POST_TEMPLATES.map(compile);
  const comments = COMMENT_TEMPLATES.map(compile);
  for (const t of posts) checkTemplate(t, { id: ids[0], handle: handles[0] }, TOPICS[0]);
  const followeeOf = (i: number) => (follows[i].length ? follows[i][rnd.int(follows[i].length)] : (i + 1) % N);

  // --- two years of posts, oldest first; comments wait in a heap until their time comes.
  // A share of each person's posts goes to his groups; there, mentions, comments and likes come from members.
  type Due = { t: number; postId: string; author: number; group: number };
  const due = new Pending<Due>();
  const samplePosts: string[] = [];
  const member = (g: number) => groups.members[g][rnd.int(groups.members[g].length)];
  const emitComment = (c: Due) => {
    const who = c.group >= 0 ? member(c.group) : rnd.next() < 0.5 ? followeeOf(c.author) : reacting.sample(rnd);
    const text = comments[rnd.int(comments.length)].fill(null, null);
    w.add('comments', { id: newId(c.t), post_id: c.postId, author_id: ids[who], body: text.body, html: text.html, created_at: iso(c.t), edited_at: null });
  };
  const span = end - start;
  const P = scale.posts;
  bar = progress('posts', P);
  for (let i = 0; i < P; i++) {
    const t = start + Math.floor(((i + rnd.next()) * span) / P);
    while (due.size && due.peek()!.t < t) emitComment(due.pop()!);
    // Now and then a guest posts in his customer group; otherwise a colleague, Zipf-distributed.
    const guest = groups.guests.length > 0 && rnd.next() < 0.005;
    const author = guest ? rnd.pick(groups.guests) : posting.sample(rnd);
    const mine = groups.of[author];
    const group = guest || (mine.length > 0 && rnd.next() < GROUP_POST_SHARE) ? mine[rnd.int(mine.length)] : -1;
    const template = posts[rnd.int(posts.length)];
    const mentioned = template.hasMention ? (group >= 0 ? member(group) : followeeOf(author)) : -1;
    const topic = template.hasTopic ? TOPICS[topicOf.sample(rnd)] : null;
    const text = template.fill(mentioned >= 0 ? { id: ids[mentioned], handle: handles[mentioned] } : null, topic);
    const onWall = group < 0 && rnd.next() < 0.03 ? followeeOf(author) : -1;
    const nComments = rnd.geometric(scale.commentsPerPost);
    const id = newId(t);
    w.add('posts', {
      id,
      author_id: ids[author],
      body: text.body,
      html: text.html,
      group_id: group >= 0 ? groups.ids[group] : null,
      wall_user_id: onWall >= 0 && onWall !== author ? ids[onWall] : null,
      created_at: iso(t),
      edited_at: null,
      comments_count: nComments,
    });
    if (mentioned >= 0) w.add('post_mentions', { post_id: id, user_id: ids[mentioned] });
    if (topic) w.add('post_topics', { post_id: id, topic });
    for (let c = 0; c < nComments; c++) due.push({ t: Math.min(end, t + Math.floor(rnd.exponential(3 * HOUR))), postId: id, author, group });
    const likers = new Set<number>();
    const audience = group >= 0 ? groups.members[group].length - 1 : N - 1;
    const nLikes = Math.min(audience, rnd.geometric(scale.likesPerPost));
    for (let tries = 0; likers.size < nLikes && tries < nLikes * 10; tries++) {
      const who = group >= 0 ? member(group) : reacting.sample(rnd);
      if (who !== author) likers.add(who);
    }
    for (const who of likers) {
      w.add('reactions', { post_id: id, user_id: ids[who], kind: 'like', created_at: iso(Math.min(end, t + Math.floor(rnd.exponential(6 * HOUR)))) });
    }
    // Reservoir sample of company posts (readable by every colleague): uniform over time.
    if (group < 0) {
      if (samplePosts.length < SAMPLE_POSTS) samplePosts.push(id);
      else if (rnd.int(i + 1) < SAMPLE_POSTS) samplePosts[rnd.int(SAMPLE_POSTS)] = id;
    }
    if (i % POSTS_PER_DRAIN === POSTS_PER_DRAIN - 1) {
      await w.drain();
      bar.tick(POSTS_PER_DRAIN);
    }
  }
  while (due.size) emitComment(due.pop()!);
  bar.done();

  // An ordinary member with a full feed: median activity, follows as many as most.
  let login = posting.atRank(Math.floor(N / 2));
  for (let r = Math.floor(N / 2); r < N && (login === 0 || follows[login].length < scale.followsPerPerson * 0.5); r++) login = posting.atRank(r);
  const samplePeople = Array.from(rnd.permutation(N).slice(0, Math.min(N, SAMPLE_PEOPLE)), (i) => ({ id: ids[i], handle: handles[i] }));
  return {
    version: DATASET_VERSION,
    scale: scale.name,
    seed,
    dialect,
    generatedAt: new Date().toISOString(),
    seconds: 0,
    counts: {},
    login: { id: ids[login], email: `${handles[login]}@bench.atrium.test`, password: BENCH_PASSWORD },
    people: samplePeople,
    posts: samplePosts,
    publicGroups: groups.publicIds,
  };
}

interface Groups {
  ids: string[];
  /** Member indices per group, and group indices per person (guests included, after the colleagues). */
  members: Int32Array[];
  of: Int32Array[];
  guests: number[];
  publicIds: string[];
}

/**
 * Groups: Zipf-distributed sizes (a few company-wide groups, many small ones), about
 * `groupsPerPerson` memberships per colleague; one group in ten is a customer group (private)
 * with a few guests from outside, who belong to that group only.
 */
async function seedGroups(
  w: BulkWriter,
  scale: Scale,
  rnd: Random,
  people: { ids: string[]; handles: string[]; dept: Int32Array; start: number; passwordHash: string; iso: (t: number) => string },
): Promise<Groups> {
  const { ids, handles, iso } = people;
  const N = ids.length;
  const G = scale.groups;
  const bar = progress('groups', G);
  const popularity = new Zipf(G, 0.8, rnd.permutation(G));
  const sets: Set<number>[] = Array.from({ length: G }, () => new Set<number>());
  const groupIds: string[] = [];
  const publicIds: string[] = [];
  const kinds: { customer: boolean; visibility: 'public' | 'private' | 'unlisted' }[] = [];
  for (let g = 0; g < G; g++) {
    const customer = g % 10 === 9;
    const r = rnd.next();
    kinds.push({ customer, visibility: customer || r < 0.3 ? 'private' : r < 0.4 ? 'unlisted' : 'public' });
  }
  // Colleagues join groups by popularity; every group has at least an owner.
  for (let i = 0; i < N; i++) {
    const want = Math.min(G, Math.round(scale.groupsPerPerson * (0.5 + rnd.next())));
    const mine = new Set<number>();
    for (let tries = 0; mine.size < want && tries < want * 20; tries++) mine.add(popularity.sample(rnd));
    for (const g of mine) sets[g].add(i);
  }
  const of: number[][] = Array.from({ length: N }, () => []);
  const guests: number[] = [];
  for (let g = 0; g < G; g++) {
    const t = people.start + g * 60_000;
    const id = newId(t);
    groupIds.push(id);
    const k = kinds[g];
    if (k.visibility === 'public') publicIds.push(id);
    if (sets[g].size === 0) sets[g].add(rnd.int(N));
    const members = [...sets[g]];
    w.add('groups', {
      id,
      name: k.customer ? `Customer ${g}: ${rnd.pick(['Nordwerk', 'Helios', 'Brightline', 'Krone'])}` : `${DEPARTMENTS[people.dept[members[0]]].name} ${rnd.pick(GROUP_WORDS)} ${g}`,
      description: k.customer ? 'Shared with the customer: their people are guests here.' : '',
      visibility: k.visibility,
      customer: k.customer ? 1 : 0,
      created_by: ids[members[0]],
      created_at: iso(t),
      updated_at: iso(t),
      archived_at: null,
    });
    members.forEach((m, n) => {
      w.add('group_members', { group_id: id, user_id: ids[m], role: n === 0 ? 'owner' : n < 3 ? 'manager' : 'member', created_at: iso(t) });
      of[m].push(g);
    });
    if (k.customer) {
      for (let q = 0; q < GUESTS_PER_CUSTOMER_GROUP; q++) {
        const i = ids.length;
        const handle = `guest${g}.${q}`;
        ids.push(newId(t + 1 + q));
        handles.push(handle);
        of.push([g]);
        guests.push(i);
        sets[g].add(i);
        w.add('users', {
          id: ids[i],
          email: `${handle}@customer${g}.test`,
          handle,
          name: `Guest ${q + 1} of customer ${g}`,
          password_hash: people.passwordHash,
          role: 'member',
          kind: 'guest',
          status: 'active',
          title: 'Buyer',
          department: '',
          location: '',
          phone: '',
          about: '',
          manager_id: null,
          avatar_key: null,
          locale: null,
          experience: '[]',
          created_at: iso(t),
          updated_at: iso(t),
        });
        w.add('group_members', { group_id: id, user_id: ids[i], role: 'member', created_at: iso(t) });
      }
    }
    bar.tick();
  }
  bar.done();
  await w.drain();
  return { ids: groupIds, members: sets.map((m) => Int32Array.from(m)), of: of.map((g) => Int32Array.from(g)), guests, publicIds };
}
