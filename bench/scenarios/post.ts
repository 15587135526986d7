import type autocannon from 'autocannon';
import { COMMENT_TEMPLATES, TOPICS } from '../lib/content.js';
import type { Random } from '../lib/random.js';
import type { Context, Scenario, ScenarioInput } from './types.js';
import { asRandomPerson, json, randomFor } from './types.js';

function postBody(input: ScenarioInput, rnd: Random): string {
  const someone = input.manifest.people[rnd.int(input.manifest.people.length)].handle;
  const bodies = [
    () => `Benchmark post ${rnd.int(1e9)}: shipped the quarterly report.`,
    () => `Thanks @${someone} for the help with the rollout! #${rnd.pick(TOPICS)}`,
    () => `Notes from today's review (${rnd.int(1e9)}):\n\n- what went well\n- what to change\n- who does what\n\n#${rnd.pick(TOPICS)}`,
  ];
  return JSON.stringify({ body: rnd.pick(bodies)() });
}

function createPost(input: ScenarioInput, rnd: Random): autocannon.Request {
  return {
    method: 'POST',
    path: '/api/v1/posts',
    setupRequest: (req, ctx) => asRandomPerson(input, rnd, req, ctx as Context, { headers: json, body: postBody(input, rnd) }),
  };
}

function comment(input: ScenarioInput, rnd: Random): autocannon.Request {
  return {
    method: 'POST',
    setupRequest: (req, ctx) => {
      const post = input.manifest.posts[rnd.int(input.manifest.posts.length)];
      const body = JSON.stringify({ body: rnd.pick(COMMENT_TEMPLATES) });
      return asRandomPerson(input, rnd, req, ctx as Context, { path: `/api/v1/posts/${post}/comments`, headers: json, body });
    },
  };
}

function like(input: ScenarioInput, rnd: Random): autocannon.Request {
  return {
    method: 'PUT',
    setupRequest: (req, ctx) => {
      const post = input.manifest.posts[rnd.int(input.manifest.posts.length)];
      return asRandomPerson(input, rnd, req, ctx as Context, { path: `/api/v1/posts/${post}/reactions/like` });
    },
  };
}

/** Every write is durably committed (SQLite: WAL, answered after an fdatasync of the log; PostgreSQL: synchronous_commit on). */
export const post: Scenario = {
  name: 'post',
  description: 'POST /api/v1/posts by random people (Markdown, mentions, topics); then a write mix',
  available: true,
  loads(input) {
    const rnd = randomFor('post');
    return [
      { name: 'post', description: 'POST /api/v1/posts by random people: each answer is a durably committed post', requests: [createPost(input, rnd)] },
      {
        name: 'post:mix',
        description: 'the dataset\'s proportions: 1 post, 2 comments (POST /posts/:id/comments), 3 likes (PUT /posts/:id/reactions/like)',
        requests: [createPost(input, rnd), comment(input, rnd), comment(input, rnd), like(input, rnd), like(input, rnd), like(input, rnd)],
      },
    ];
  },
};
