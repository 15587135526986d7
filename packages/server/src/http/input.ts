import type { FastifyInstance } from 'fastify';
import { invalid } from '../lib/errors.js';

/** The dotted path of the first string (key or value) holding a NUL character, or null. */
function nulAt(root: unknown, rootPath: string): string | null {
  // Iterative: a 1 MiB body can nest deeper than the call stack.
  const stack: [unknown, string][] = [[root, rootPath]];
  while (stack.length) {
    const [value, at] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return at;
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const path = at ? `${at}.${key}` : key;
        if (key.includes('\u0000')) return path;
        stack.push([child, path]);
      }
    }
  }
  return null;
}

/**
 * No text we store may hold a NUL character: PostgreSQL's text type refuses it (a 500 there,
 * silently kept on SQLite). Refused for every route at once, before validation: body, query, params.
 */
export function installInputGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    const at = nulAt(req.body, '') ?? nulAt(req.query, '') ?? nulAt(req.params, '');
    if (at !== null) throw invalid(at || 'body', 'Must not contain NUL characters');
  });
}
