import { useQuery } from '@tanstack/react-query';
import { getInvitation } from '../session/session.api';

export const invitationKey = (token: string) => ['invitation', token] as const;

/** The invitation behind a link; nothing is retried on 4xx (used or unknown links stay so). */
export function useInvitation(token: string) {
  return useQuery({
    queryKey: invitationKey(token),
    queryFn: ({ signal }) => getInvitation(token, signal),
    staleTime: Infinity,
  });
}
