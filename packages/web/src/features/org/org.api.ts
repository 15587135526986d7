import type { UserSummary } from '@atrium/contract';
import { api } from '../../lib/api-client';

export type OrgNode = UserSummary & { managerId: string | null };
export const getOrgChart = () => api.get<{ items: OrgNode[] }>('/orgchart');
export const orgKey = ['orgchart'] as const;

export interface Tree {
  roots: OrgNode[];
  children: Map<string, OrgNode[]>;
  byId: Map<string, OrgNode>;
}

/** People without a manager (or whose manager isn't listed, or who sit in a loop) are roots. */
export function buildTree(items: OrgNode[], lang: string): Tree {
  const byId = new Map(items.map((n) => [n.id, n]));
  const children = new Map<string, OrgNode[]>();
  const roots: OrgNode[] = [];
  const inLoop = (n: OrgNode) => {
    const seen = new Set<string>([n.id]);
    let m = n.managerId ? byId.get(n.managerId) : undefined;
    while (m) {
      if (seen.has(m.id)) return true;
      seen.add(m.id);
      m = m.managerId ? byId.get(m.managerId) : undefined;
    }
    return false;
  };
  for (const n of items) {
    if (!n.managerId || !byId.has(n.managerId) || n.managerId === n.id || inLoop(n)) roots.push(n);
    else {
      const list = children.get(n.managerId) ?? [];
      list.push(n);
      children.set(n.managerId, list);
    }
  }
  const cmp = new Intl.Collator(lang).compare;
  const sort = (a: OrgNode, b: OrgNode) => cmp(a.name, b.name);
  roots.sort(sort);
  children.forEach((l) => l.sort(sort));
  return { roots, children, byId };
}

/** Ids from the root down to (not including) the person. */
export function ancestors(tree: Tree, id: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let n = tree.byId.get(id);
  while (n?.managerId && tree.byId.has(n.managerId) && !seen.has(n.managerId)) {
    seen.add(n.managerId);
    out.unshift(n.managerId);
    n = tree.byId.get(n.managerId);
  }
  return out;
}
