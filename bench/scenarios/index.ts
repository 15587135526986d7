import { fanout } from './fanout.js';
import { feed } from './feed.js';
import { post } from './post.js';
import { reads } from './reads.js';
import { sockets } from './sockets.js';
import type { Scenario } from './types.js';
import { users } from './users.js';

/**
 * Every scenario of issue 5, in the order they run: the autocannon loads, then the realtime
 * scenarios (custom runs over WebSockets). A scenario that needs something not built yet is listed
 * with what it needs and prints as "not available": never a made-up figure.
 */
export const SCENARIOS: Scenario[] = [feed, reads, post, fanout, sockets, users];
