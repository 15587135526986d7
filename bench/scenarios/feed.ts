import type { Context, Scenario } from './types.js';
import { asRandomPerson, randomFor } from './types.js';

const MARK = '"nextCursor":"';

/** The cursor at the end of a page, without parsing the whole body in the load generator. */
function nextCursor(body: string): string | undefined {
  const at = body.lastIndexOf(MARK);
  if (at < 0) return undefined;
  const from = at + MARK.length;
  return body.slice(from, body.indexOf('"', from));
}

export const feed: Scenario = {
  name: 'feed',
  description: 'GET /api/v1/feed: the first page for a random person, then the next page by cursor',
  available: true,
  loads(input) {
    const rnd = randomFor('feed');
    return [
      {
        name: 'feed',
        description: this.description,
        requests: [
          {
            method: 'GET',
            path: '/api/v1/feed',
            setupRequest: (req, ctx) => asRandomPerson(input, rnd, req, ctx as Context),
            onResponse: (status, body, ctx) => {
              (ctx as Context).cursor = status === 200 ? nextCursor(body) : undefined;
            },
          },
          {
            method: 'GET',
            setupRequest: (req, ctx) => {
              const c = ctx as Context;
              const path = c.cursor ? `/api/v1/feed?cursor=${encodeURIComponent(c.cursor)}` : '/api/v1/feed';
              return { ...req, path, headers: { ...req.headers, authorization: c.auth } };
            },
          },
        ],
      },
    ];
  },
};
