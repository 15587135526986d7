import { type ExpressionBuilder, type Expression, type SqlBool, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Actor } from '../modules/auth/actor.js';

/**
 * THE rule for which posts a person may read, as SQL over `posts as p`, so that every list,
 * count and single read filters in the database, before any LIMIT (DESIGN.md §3).
 * Company posts (no group) are for members of the company. Group posts follow their group's
 * membership when groups arrive; until then no post has a group.
 */
export function visiblePosts(actor: Actor) {
  return (eb: ExpressionBuilder<DB & { p: DB['posts'] }, 'p'>): Expression<SqlBool> => {
    if (actor.kind === 'guest') return sql<SqlBool>`1 = 0`;
    return eb('p.group_id', 'is', null);
  };
}
