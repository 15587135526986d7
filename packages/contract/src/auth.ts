import { z } from 'zod';
import { Email, Password, User } from './users.js';
import { LIMITS } from './limits.js';

export const SetupStatus = z.object({ needed: z.boolean(), orgName: z.string().nullable() });
export const SetupRequest = z.object({
  orgName: z.string().trim().min(1).max(LIMITS.orgName),
  admin: z.object({
    email: Email,
    name: z.string().trim().min(1).max(LIMITS.name),
    password: Password,
  }),
});
export const LoginRequest = z.object({
  email: z.string().trim().min(1).max(LIMITS.email),
  password: z.string().min(1).max(LIMITS.password.max),
});
export const SessionResponse = z.object({ user: User, token: z.string(), csrfToken: z.string() });
export type SessionResponse = z.infer<typeof SessionResponse>;
export const MeResponse = z.object({ user: User, csrfToken: z.string(), orgName: z.string() });
export type MeResponse = z.infer<typeof MeResponse>;
export const Health = z.object({ status: z.literal('ok') });

/** What the invitation page shows before the person accepts. */
export const InvitationInfo = z.object({
  /** `member`: a colleague chooses his password; `guest`: a person from outside joins a customer group. */
  kind: z.enum(['member', 'guest']),
  email: z.string(),
  name: z.string(),
  orgName: z.string(),
  expiresAt: z.string(),
  /** The group a guest invitation opens. */
  group: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** A guest who already has an account signs in with his password to accept; his name stays. */
  existingAccount: z.boolean(),
});
export const InvitationEnvelope = z.object({ invitation: InvitationInfo });
export const InvitationToken = z.object({ token: z.string().min(10).max(100).regex(/^[A-Za-z0-9_-]+$/) });
export const InvitationAccept = z
  .object({ name: z.string().trim().min(1).max(LIMITS.name).optional(), password: Password })
  .strict();

/** Change one's own password: every other session ends (and its open streams close). */
export const PasswordChange = z.object({ currentPassword: z.string().min(1).max(LIMITS.password.max), newPassword: Password }).strict();
