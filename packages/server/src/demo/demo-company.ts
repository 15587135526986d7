import type { Experience } from '@atrium/contract';
import sharp from 'sharp';
import { type AppContext, nowIso } from '../context.js';
import { setup } from '../modules/auth/auth.service.js';
import type { Actor } from '../modules/auth/actor.js';
import { setAvatar } from '../modules/people/avatar.service.js';
import { countUsers, follow } from '../modules/people/users.repo.js';
import { insertNewUser, updateUserProfile } from '../modules/people/users.service.js';
import { addComment } from '../modules/posts/comments.service.js';
import { createPost, setReaction } from '../modules/posts/posts.service.js';
import { setTopicFollow } from '../modules/posts/topics.service.js';
import { seededRandom } from '../lib/seeded-random.js';
import { ABOUT, COMMENTS, DEPARTMENTS, FIRST_NAMES, LAST_NAMES, LOCATIONS, PAST_EMPLOYERS, POSTS, TOPICS } from './demo-data.js';

export const DEMO_PASSWORD = 'atrium-demo';
export const DEMO_ADMIN = 'admin@demo.atrium.test';

/** A portrait-like picture without any real face: a head and shoulders on a coloured ground. */
async function portrait(hue: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256">
    <rect width="256" height="256" fill="hsl(${hue},45%,78%)"/>
    <circle cx="128" cy="100" r="52" fill="hsl(${(hue + 30) % 360},35%,38%)"/>
    <ellipse cx="128" cy="250" rx="96" ry="78" fill="hsl(${(hue + 200) % 360},40%,32%)"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const actorOf = (id: string, role: 'admin' | 'member' = 'member'): Actor => ({ id, role, kind: 'member', sessionId: 'demo', csrfToken: '' });

/**
 * Fill a fresh instance with a demo company: ~50 colleagues with photos, CVs and a manager chain,
 * follows, posts with mentions and topics, comments and likes. Everything goes through the same
 * services the API uses.
 */
export async function seedDemoCompany(ctx: AppContext, log: (line: string) => void = () => undefined): Promise<{ admin: string; people: number }> {
  if ((await countUsers(ctx.db)) > 1) throw new Error('The demo company only fills a fresh instance (this one already has people).');
  const rnd = seededRandom(42);
  let adminId: string;
  const existing = await ctx.db.selectFrom('users').select(['id', 'email']).executeTakeFirst();
  if (existing) {
    adminId = existing.id;
  } else {
    const s = await setup(ctx, { orgName: 'Nordlicht Demo GmbH', admin: { email: DEMO_ADMIN, name: 'Alex Admin', password: DEMO_PASSWORD } });
    adminId = s.user.id;
  }
  const admin = actorOf(adminId, 'admin');
  const adminEmail = existing?.email ?? DEMO_ADMIN;

  // The CEO, one head per department reporting to her, then teams under the heads.
  const people: { id: string; dept: (typeof DEPARTMENTS)[number] }[] = [];
  const make = async (i: number, dept: (typeof DEPARTMENTS)[number], title: string, managerId: string | null) => {
    const first = FIRST_NAMES[i % FIRST_NAMES.length];
    const last = LAST_NAMES[(i * 7) % LAST_NAMES.length];
    const row = await insertNewUser(ctx, ctx.db, {
      email: `${first}.${last}${i}@demo.atrium.test`.toLowerCase(),
      name: `${first} ${last}`,
      password: DEMO_PASSWORD,
      role: 'member',
      title,
      department: dept.name,
      managerId,
    });
    const experience: Experience[] = [
      { title, organization: 'Nordlicht Demo GmbH', from: `20${18 + rnd.int(6)}-0${1 + rnd.int(9)}-01`, to: null, description: 'Current role.' },
      { title: rnd.pick(dept.titles), organization: rnd.pick(PAST_EMPLOYERS), from: `201${rnd.int(5)}-0${1 + rnd.int(9)}-01`, to: `201${5 + rnd.int(3)}-12-31`, description: '' },
    ];
    await updateUserProfile(ctx, admin, row.id, {
      location: rnd.pick(LOCATIONS),
      phone: `+49 30 ${1000000 + i * 7919}`,
      about: rnd.pick(ABOUT),
      skills: [...new Set([rnd.pick(dept.skills), rnd.pick(dept.skills), rnd.pick(dept.skills)])],
      experience,
    });
    await setAvatar(ctx, admin, row.id, await portrait((i * 47) % 360));
    people.push({ id: row.id, dept });
    return row.id;
  };

  let i = 0;
  const ceo = await make(i++, DEPARTMENTS[0], 'Chief Executive Officer', null);
  for (const dept of DEPARTMENTS) {
    const head = await make(i++, dept, `Head of ${dept.name}`, ceo);
    const team = dept.name === 'Engineering' ? 10 : 5;
    for (let k = 0; k < team; k++) await make(i++, dept, rnd.pick(dept.titles), head);
  }
  log(`${people.length} colleagues with photos and CVs`);

  // Everybody follows his manager's team mates and a few others; the admin follows the heads.
  for (const p of people) {
    for (let k = 0; k < 8; k++) {
      const other = rnd.pick(people);
      if (other.id !== p.id && (other.dept === p.dept || rnd.next() < 0.4)) await follow(ctx.db, p.id, other.id, nowIso(ctx));
    }
  }
  for (const p of people.slice(0, 1 + DEPARTMENTS.length)) await follow(ctx.db, adminId, p.id, nowIso(ctx));
  for (const topic of TOPICS.slice(0, 3)) await setTopicFollow(ctx, admin, topic, true);

  const handles = new Map(
    (await ctx.db.selectFrom('users').select(['id', 'handle']).execute()).map((u) => [u.id, u.handle]),
  );
  let posts = 0;
  for (let n = 0; n < 120; n++) {
    const author = rnd.pick(people);
    const colleague = rnd.pick(people.filter((p) => p.id !== author.id));
    const body = rnd.pick(POSTS).replace('{colleague}', handles.get(colleague.id)!);
    const wall = rnd.next() < 0.1 ? { wallUserId: colleague.id } : {};
    const post = await createPost(ctx, actorOf(author.id), { body, ...wall });
    posts++;
    for (let c = rnd.int(4); c > 0; c--) await addComment(ctx, actorOf(rnd.pick(people).id), post.id, { body: rnd.pick(COMMENTS) });
    for (let l = rnd.int(8); l > 0; l--) await setReaction(ctx, actorOf(rnd.pick(people).id), post.id, 'like', true);
  }
  log(`${posts} posts with comments and likes`);
  return { admin: adminEmail, people: people.length };
}
