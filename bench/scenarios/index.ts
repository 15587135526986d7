import { feed } from './feed.js';
import { post } from './post.js';
import { reads } from './reads.js';
import type { Scenario } from './types.js';

const REALTIME = 'the realtime issue (WebSocket /api/v1/stream)';

/**
 * Every scenario of issue 5, in the order they run. Those that need something not built yet are
 * listed with what they need, and print as "not available": never a made-up figure.
 */
export const SCENARIOS: Scenario[] = [
  feed,
  reads,
  post,
  {
    name: 'fanout',
    description: '1,000 connected members of one group; one sends; latency from send to arrival at every client',
    available: false,
    needs: REALTIME,
  },
  {
    name: 'sockets',
    description: 'idle authenticated WebSockets up to 19,000; memory per connection of the server process',
    available: false,
    needs: REALTIME,
  },
  {
    name: 'users',
    description: 'simulated concurrent users on a Mattermost-like action mix, ramped until a health threshold breaks',
    available: false,
    needs: REALTIME,
  },
];
