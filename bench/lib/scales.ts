/**
 * The companies the generator makes. Comments and likes scale with posts (2 and 3 per post on
 * average); activity and group sizes are Zipf-distributed; one group in ten is a customer group
 * with three guests.
 */
export interface Scale {
  name: 'XS' | 'S' | 'M' | 'L';
  people: number;
  posts: number;
  commentsPerPost: number;
  likesPerPost: number;
  /** Average number of people each person follows (spread 0.5x–1.5x). */
  followsPerPerson: number;
  /** Groups, and the average number of groups a colleague belongs to. */
  groups: number;
  groupsPerPerson: number;
  /** Run in CI (smoke) or documented only. */
  note: string;
}

export const SCALES: Record<Scale['name'], Scale> = {
  XS: { name: 'XS', people: 50, posts: 500, commentsPerPost: 2, likesPerPost: 3, followsPerPerson: 15, groups: 3, groupsPerPerson: 2, note: 'smoke test (CI)' },
  S: { name: 'S', people: 1_000, posts: 50_000, commentsPerPost: 2, likesPerPost: 3, followsPerPerson: 100, groups: 20, groupsPerPerson: 5, note: 'quick local runs' },
  M: { name: 'M', people: 10_000, posts: 1_000_000, commentsPerPost: 2, likesPerPost: 3, followsPerPerson: 100, groups: 300, groupsPerPerson: 10, note: 'the targets are set here' },
  L: { name: 'L', people: 100_000, posts: 10_000_000, commentsPerPost: 2, likesPerPost: 3, followsPerPerson: 100, groups: 3_000, groupsPerPerson: 10, note: 'documented, not run in CI' },
};

export function scaleNamed(name: string): Scale {
  const s = SCALES[name.toUpperCase() as Scale['name']];
  if (!s) throw new Error(`unknown scale "${name}" (XS, S, M or L)`);
  return s;
}

/** Bump when the generator changes what it makes: cached datasets with another version are rebuilt. */
export const DATASET_VERSION = 2;

/** Every seeded person has this password (hashed once with the server's argon2 settings). */
export const BENCH_PASSWORD = 'atrium-bench-password';
