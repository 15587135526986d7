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

/**
 * Two loads. `feed:first` is everyone's first visit: each sampled person's first page once, when
 * nothing of his feed is in the server's memory yet (after a restart, or a long absence): it
 * measures building a timeline. `feed` is the feed as people read it all day: the first page for a
 * random person, then his next page by the cursor his first page gave (kept from the first
 * visit, so that the load generator need not read every body; cursors are positions, they stay valid).
 */
export const feed: Scenario = {
  name: 'feed',
  description: 'GET /api/v1/feed: the first page for a random person, then the next page by cursor',
  available: true,
  loads(input) {
    const rnd = randomFor('feed');
    const cursors = new Map<string, string>();
    let next = 0;
    return [
      {
        name: 'feed:first',
        description: "each sampled person's first page once, his timeline not yet in memory",
        amount: input.sessions.length,
        requests: [
          {
            method: 'GET',
            path: '/api/v1/feed',
            setupRequest: (req, ctx) => {
              const c = ctx as Context;
              const person = input.sessions[next++ % input.sessions.length];
              c.token = person.token;
              return { ...req, headers: { ...req.headers, authorization: `Bearer ${person.token}` } };
            },
            onResponse: (status, body, ctx) => {
              const cursor = status === 200 ? nextCursor(body) : undefined;
              if (cursor) cursors.set((ctx as Context).token!, cursor);
            },
          },
        ],
      },
      {
        name: 'feed',
        description: this.description,
        requests: [
          { method: 'GET', path: '/api/v1/feed', setupRequest: (req, ctx) => asRandomPerson(input, rnd, req, ctx as Context) },
          {
            method: 'GET',
            setupRequest: (req, ctx) => {
              const c = ctx as Context;
              const cursor = cursors.get(c.auth!.slice('Bearer '.length));
              const path = cursor ? `/api/v1/feed?cursor=${encodeURIComponent(cursor)}` : '/api/v1/feed';
              return { ...req, path, headers: { ...req.headers, authorization: c.auth } };
            },
          },
        ],
      },
    ];
  },
};
