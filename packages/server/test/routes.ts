import type { FastifyInstance } from 'fastify';

export interface RouteEntry {
  method: string;
  /** Fastify's form: `/api/v1/users/:id`. */
  url: string;
}

/**
 * The app's route table, read from `printRoutes({ commonPrefix: false })`: a tree whose lines
 * are `<indent>├── <segment> (GET, HEAD)`, each segment continuing its parent's path.
 */
export function routeTable(app: FastifyInstance): RouteEntry[] {
  const out: RouteEntry[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    const url = (depth > 0 ? stack[depth - 1] : '') + m[2];
    stack.length = depth;
    stack.push(url);
    for (const method of m[3]?.split(',').map((s) => s.trim()) ?? []) out.push({ method, url });
  }
  return out;
}

/** `/api/v1/users/:id` → `/api/v1/users/{id}`, as OpenAPI writes it. */
export const openApiPath = (url: string) => url.replace(/:([A-Za-z_]+)/g, '{$1}');
