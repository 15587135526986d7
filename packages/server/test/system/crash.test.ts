import { afterAll, describe, expect, it } from 'vitest';
import { freshStore, seedPeople, ServerProcess, type Store } from '../server-process.js';

/**
 * Kill -9 at random moments (issue 4): a client sends messages in a loop, each with its own
 * clientId, retrying a send until it is acknowledged; the server is SIGKILLed while it works and
 * started again. Afterwards every acknowledged message is there, and none is there twice.
 */
describe('crash: SIGKILL while messages are being sent', () => {
  let store: Store;
  let server: ServerProcess;
  afterAll(async () => {
    await server?.kill();
    await store?.remove();
  });

  it('loses no acknowledged message and stores none twice', async () => {
    store = await freshStore();
    server = await ServerProcess.start(store);
    const people = await seedPeople(server, ['alice', 'bob']);
    const conversation = (await server.call('POST', '/conversations', people.alice.token, { memberIds: [people.bob.id] })).body.conversation.id as string;

    const acknowledged = new Map<string, string>(); // clientId → message id
    let done = false;
    let failures = 0;
    const sender = (async () => {
      for (let i = 0; !done; i++) {
        const clientId = `crash-${i}`;
        // Retry this very message (same clientId) until the server acknowledges it.
        for (;;) {
          try {
            const res = await server.call('POST', `/conversations/${conversation}/messages`, people.alice.token, { body: `message ${i}`, clientId });
            if (res.status === 201 || res.status === 200) {
              acknowledged.set(clientId, res.body.message.id);
              break;
            }
            throw new Error(`unexpected ${res.status}`);
          } catch {
            failures++;
            await new Promise((r) => setTimeout(r, 20));
          }
        }
      }
    })();

    // Random moments: after 5–40 acknowledged messages each time.
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let kill = 0; kill < 5; kill++) {
      const target = acknowledged.size + 5 + Math.floor(random() * 35);
      while (acknowledged.size < target) await new Promise((r) => setTimeout(r, 2));
      await new Promise((r) => setTimeout(r, Math.floor(random() * 15)));
      await server.kill('SIGKILL');
      await server.restart();
    }
    const more = acknowledged.size + 10;
    while (acknowledged.size < more) await new Promise((r) => setTimeout(r, 5));
    done = true;
    await sender;

    const stored: { id: string; clientId: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: any } = await server.call('GET', `/conversations/${conversation}/messages?limit=100${cursor ? `&cursor=${cursor}` : ''}`, people.bob.token);
      stored.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);

    const byClientId = new Map<string, number>();
    for (const m of stored) byClientId.set(m.clientId!, (byClientId.get(m.clientId!) ?? 0) + 1);
    expect([...byClientId.values()].filter((n) => n > 1)).toEqual([]); // none twice
    for (const [clientId, id] of acknowledged) expect(stored.find((m) => m.clientId === clientId)?.id).toBe(id); // none lost
    expect(stored).toHaveLength(acknowledged.size);
    expect(failures).toBeGreaterThan(0); // the kills did interrupt sends
  });
});
