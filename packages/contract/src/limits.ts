/** Every user-controlled size has a documented maximum, enforced by the server (SECURITY.md #20). */
export const LIMITS = {
  /** JSON request bodies; larger ones answer 413. */
  jsonBodyBytes: 1024 * 1024,
  /** Avatar uploads. */
  avatarBytes: 10 * 1024 * 1024,
  /** Avatar images larger than this many pixels are refused (pixel bombs). */
  avatarPixels: 40_000_000,
  textBody: 20_000,
  name: 120,
  handle: 32,
  email: 254,
  shortField: 200,
  about: 5_000,
  skills: 50,
  skill: 60,
  experience: 50,
  experienceDescription: 2_000,
  password: { min: 10, max: 256 },
  pageSize: { default: 20, max: 100 },
  mentionsPerPost: 50,
  topicsPerPost: 30,
  topic: 64,
  orgName: 120,
  searchQuery: 200,
  groupName: 120,
  /** Announcements shown at the top of a feed at most. */
  activeAnnouncements: 10,
  /** Followed topics that feed the home feed (each is one index range per page). */
  followedTopicsInFeed: 50,
  groupDescription: 2_000,
  /** Sessions per person; a new sign-in beyond it ends the oldest. */
  sessionsPerUser: 50,
  /** People in a direct or group conversation, the starter included. */
  conversationMembers: 50,
  /** Conversations this small show who has read what (read receipts). */
  readReceiptsUpTo: 20,
  /** A client-generated message id (idempotent sends). */
  clientId: 64,
  /** People one socket follows the presence of. */
  presenceSubscriptions: 500,
  /** Events a reconnecting client may catch up on; further behind, it gets `resync`. */
  streamBackfill: 10_000,
} as const;
