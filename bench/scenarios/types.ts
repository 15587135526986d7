import type autocannon from 'autocannon';
import type { Load } from '../lib/load.js';
import type { Manifest } from '../lib/generate.js';
import { Random } from '../lib/random.js';

/** What every scenario gets: the generated company's manifest and live bearer tokens of a sample of its people. */
export interface ScenarioInput {
  manifest: Manifest;
  sessions: { userId: string; token: string }[];
}

export type Scenario =
  | { name: string; description: string; available: true; loads(input: ScenarioInput): Load[] }
  | { name: string; description: string; available: false; needs: string };

/** autocannon's per-connection context: a plain bag of strings. */
export type Context = Record<string, string | undefined>;

/** One generator per load, seeded: the same run asks for the same people and posts. */
export const randomFor = (name: string) => new Random([...name].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261));

/** A request as a random person: a bearer token picked anew for each request (or kept in the context). */
export function asRandomPerson(input: ScenarioInput, rnd: Random, req: autocannon.Request, context: Context, extra: Partial<autocannon.Request> = {}) {
  const token = input.sessions[rnd.int(input.sessions.length)].token;
  context.auth = `Bearer ${token}`;
  return { ...req, ...extra, headers: { ...req.headers, ...extra.headers, authorization: context.auth } };
}

export const json = { 'content-type': 'application/json' };
