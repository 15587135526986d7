import { describe, expect, it } from 'vitest';
import { type Audience, type GroupVisibility, mayReceive, type Recipient } from '../../src/realtime/audiences.js';
import { Connections } from '../../src/realtime/connections.js';
import { seededRandom } from '../../src/lib/seeded-random.js';

interface Conn {
  user: Recipient;
}

describe('Connections', () => {
  it('every receiver of every audience is among its candidates, through adds, updates and removals; direct audiences stay narrow', () => {
    const rnd = seededRandom(11).int;
    const groups = ['g0', 'g1', 'g2', 'g3', 'g4'];
    const visibilities: (GroupVisibility | undefined)[] = ['public', 'private', 'unlisted', undefined];
    const visibility = new Map<string, GroupVisibility | undefined>();
    const someGroups = () => new Set(groups.filter(() => rnd(3) === 0));
    const person = (i: number): Recipient => ({ id: `u${i % 12}`, role: rnd(5) === 0 ? 'admin' : 'member', kind: rnd(4) === 0 ? 'guest' : 'member', groups: someGroups() });
    const index = new Connections<Conn>();
    const live: Conn[] = [];
    let checked = 0;
    for (let step = 0; step < 400; step++) {
      const op = rnd(10);
      if (op < 4 || live.length === 0) {
        const c = { user: person(step) };
        live.push(c);
        index.add(c);
      } else if (op < 6) {
        const c = live[rnd(live.length)];
        index.update(c, () => {
          c.user.groups = someGroups();
          c.user.role = rnd(5) === 0 ? 'admin' : 'member';
        });
      } else if (op < 7) {
        const [c] = live.splice(rnd(live.length), 1);
        expect(index.delete(c)).toBe(true);
        expect(index.delete(c)).toBe(false);
      } else {
        for (const g of groups) visibility.set(g, visibilities[rnd(visibilities.length)]);
      }
      const g = groups[rnd(groups.length)];
      const ids = [`u${rnd(12)}`, `u${rnd(12)}`];
      const audiences: Audience[] = [
        { kind: 'company' },
        { kind: 'group', groupId: g },
        { kind: 'members', groupId: g, also: rnd(2) ? [ids[0]] : undefined },
        { kind: 'users', userIds: ids },
        { kind: 'nobody' },
      ];
      for (const a of audiences) {
        const candidates = new Set(index.candidates(a, (id) => visibility.get(id)));
        const receivers = live.filter((c) => mayReceive(c.user, a, (id) => visibility.get(id)));
        for (const c of receivers) expect(candidates.has(c), `${JSON.stringify(a)} misses ${JSON.stringify([...c.user.groups])}`).toBe(true);
        for (const c of candidates) expect(live).toContain(c); // nothing removed comes back
        if (a.kind === 'users') for (const c of candidates) expect(ids).toContain(c.user.id);
        checked += receivers.length;
      }
      expect(index.size).toBe(live.length);
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
