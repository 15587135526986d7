import { useQuery } from '@tanstack/react-query';
import type { MeResponse } from '@atrium/contract';
import { getMe, getSetupStatus } from './session.api';

export const meKey = ['me'] as const;
export const setupKey = ['setup'] as const;

export function useSetupStatus() {
  return useQuery({ queryKey: setupKey, queryFn: getSetupStatus, staleTime: Infinity });
}

export function useMeQuery(enabled = true) {
  return useQuery({ queryKey: meKey, queryFn: getMe, enabled, staleTime: 5 * 60_000 });
}

/** The last session seen, so the shell can finish rendering while a sign-out clears the cache. */
let lastMe: MeResponse | undefined;

/** The signed-in person; only call below <RequireSession>, where /me has loaded. */
export function useSession(): MeResponse {
  const { data } = useQuery({ queryKey: meKey, queryFn: getMe, staleTime: 5 * 60_000 });
  if (data) lastMe = data;
  const me = data ?? lastMe;
  if (!me) throw new Error('useSession outside a session');
  return me;
}
