import type autocannon from 'autocannon';
import type { Context, Scenario } from './types.js';
import { asRandomPerson, randomFor } from './types.js';

export const reads: Scenario = {
  name: 'reads',
  description: 'in turn: a profile (GET /users/:id), a public group\'s feed (GET /groups/:id/posts), a post permalink (GET /posts/:id) and its comments',
  available: true,
  loads(input) {
    const rnd = randomFor('reads');
    const { people, posts, publicGroups } = input.manifest;
    return [
      {
        name: 'reads',
        description: this.description,
        requests: [
          {
            method: 'GET',
            setupRequest: (req, ctx) => asRandomPerson(input, rnd, req, ctx as Context, { path: `/api/v1/users/${people[rnd.int(people.length)].id}` }),
          },
          // (A tiny company may have no public group: then the group feed is left out.)
          ...(publicGroups.length === 0
            ? []
            : [
                {
                  method: 'GET' as const,
                  setupRequest: (req: autocannon.Request, ctx: object) => {
                    const c = ctx as Context;
                    const group = publicGroups[rnd.int(publicGroups.length)];
                    return { ...req, path: `/api/v1/groups/${group}/posts`, headers: { ...req.headers, authorization: c.auth } };
                  },
                },
              ]),
          {
            method: 'GET',
            setupRequest: (req, ctx) => {
              const c = ctx as Context;
              c.post = posts[rnd.int(posts.length)];
              return { ...req, path: `/api/v1/posts/${c.post}`, headers: { ...req.headers, authorization: c.auth } };
            },
          },
          {
            method: 'GET',
            setupRequest: (req, ctx) => {
              const c = ctx as Context;
              return { ...req, path: `/api/v1/posts/${c.post}/comments`, headers: { ...req.headers, authorization: c.auth } };
            },
          },
        ],
      },
    ];
  },
};
