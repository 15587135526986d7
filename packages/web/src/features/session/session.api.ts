import type { MeResponse, SessionResponse, User } from '@atrium/contract';
import { api, request, seg, setCsrfToken } from '../../lib/api-client';

export interface SetupStatus {
  needed: boolean;
  orgName: string | null;
}

export const getSetupStatus = () => request<SetupStatus>('GET', '/setup', { quiet401: true });

export async function getMe(): Promise<MeResponse> {
  const me = await request<MeResponse>('GET', '/me', { quiet401: true });
  setCsrfToken(me.csrfToken);
  return me;
}

export async function login(email: string, password: string): Promise<SessionResponse> {
  const res = await request<SessionResponse>('POST', '/auth/login', { body: { email, password }, quiet401: true });
  setCsrfToken(res.csrfToken);
  return res;
}

export interface SetupInput {
  orgName: string;
  admin: { email: string; name: string; password: string };
}
export async function runSetup(input: SetupInput): Promise<SessionResponse> {
  const res = await request<SessionResponse>('POST', '/setup', { body: input, quiet401: true });
  setCsrfToken(res.csrfToken);
  return res;
}

/** What an invitation link shows before the person accepts it. */
export interface Invitation {
  /** `member`: a colleague chooses his password; `guest`: a person from outside joins a customer group. */
  kind: 'member' | 'guest';
  email: string;
  name: string;
  orgName: string;
  expiresAt: string;
  /** The group a guest invitation opens. */
  group: { id: string; name: string } | null;
  /** A guest who already has an account only signs in with his password to accept. */
  existingAccount: boolean;
}

export const getInvitation = (token: string, signal?: AbortSignal) =>
  request<{ invitation: Invitation }>('GET', `/invitations/${seg(token)}`, { signal, quiet401: true }).then((r) => r.invitation);

/** Accepting signs the person in: the server sets the session cookie, we keep the CSRF token. */
export async function acceptInvitation(token: string, input: { name?: string; password: string }): Promise<SessionResponse> {
  const res = await request<SessionResponse>('POST', `/invitations/${seg(token)}/accept`, { body: input, quiet401: true });
  setCsrfToken(res.csrfToken);
  return res;
}

export async function logout(): Promise<void> {
  try {
    await api.post<void>('/auth/logout');
  } finally {
    setCsrfToken(null);
  }
}

export type { MeResponse, User };
