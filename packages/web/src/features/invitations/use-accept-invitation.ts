import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { acceptInvitation, getMe, type Invitation } from '../session/session.api';
import { meKey, setupKey } from '../session/use-session';
import { invitationKey } from './use-invitation';

/**
 * Redeem the invitation and sign in. A colleague lands on his feed; a person from outside in the
 * group he was invited to.
 */
export function useAcceptInvitation(token: string, invitation: Invitation) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async (input: { name?: string; password: string }) => {
      await acceptInvitation(token, input);
      // Whoever used this browser before is not who is signed in now: forget his data.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== setupKey[0] && q.queryKey[0] !== invitationKey(token)[0] });
      await qc.fetchQuery({ queryKey: meKey, queryFn: getMe, staleTime: 0 });
    },
    onSuccess: () => {
      const group = invitation.kind === 'guest' ? invitation.group : null;
      void navigate(group ? `/groups/${group.id}` : '/', { replace: true });
    },
  });
}
