import type autocannon from 'autocannon';
import type { AppContext } from '../../packages/server/src/context.js';
import type { CustomFigure } from '../lib/custom.js';
import type { Load } from '../lib/load.js';
import type { LiveMemory } from '../lib/processes.js';
import type { Manifest } from '../lib/generate.js';
import { Random } from '../lib/random.js';
import type { Scale } from '../lib/scales.js';

/** What every scenario gets: the generated company's manifest and live bearer tokens of a sample of its people. */
export interface ScenarioInput {
  manifest: Manifest;
  sessions: { userId: string; token: string }[];
}

export type Scenario =
  | { name: string; description: string; available: true; kind?: 'loads'; loads(input: ScenarioInput): Load[] }
  | CustomScenario
  | { name: string; description: string; available: false; needs: string };

/** What a custom scenario is told about the run. */
export interface CustomOptions {
  scale: Scale;
  dialect: 'sqlite' | 'postgres';
  smoke: boolean;
  /** Client processes that hold the WebSockets (and simulated users). */
  clientProcesses: number;
  /** The scenario options of `npm run bench` (--fanout-clients, --sockets, --users-step …), unparsed. */
  args: Record<string, string | undefined>;
  say(line: string): void;
}

/** The server under test. */
export interface ServerUnderTest {
  url: string;
  pid: number;
  postgres: boolean;
  /** The live heap and external memory after a full collection (null: not measurable). */
  liveMemory(): Promise<LiveMemory | null>;
}

/**
 * A scenario that is not an autocannon load (sockets, fan-out, simulated users): `prepare` runs
 * before the server starts, on this run's copy of the company through the server's own context
 * (open sessions, add the memberships it needs), and returns the measurement, run once the server is up.
 */
export interface CustomScenario {
  name: string;
  description: string;
  available: true;
  kind: 'custom';
  /** Measured on a server process started for it alone (memory per connection must not count what earlier loads left). */
  freshServer?: boolean;
  prepare(ctx: AppContext, input: ScenarioInput, opts: CustomOptions): Promise<(server: ServerUnderTest) => Promise<CustomFigure[]>>;
}

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
