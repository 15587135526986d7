import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MeResponse } from '@atrium/contract';
import { chooseLanguage, type Language } from '../../i18n';
import { updateUser } from '../people/people.api';
import { meKey } from './use-session';

/** Switch the language now, remember it on this device, and keep it on the account. */
export function useChangeLanguage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (lng: Language) => {
      const me = qc.getQueryData<MeResponse>(meKey);
      // The session's copy first, so nothing switches the language back while the PATCH is on its way.
      if (me) qc.setQueryData<MeResponse>(meKey, { ...me, user: { ...me.user, locale: lng } });
      await chooseLanguage(lng);
      if (!me) return;
      const user = await updateUser(me.user.id, { locale: lng });
      qc.setQueryData<MeResponse>(meKey, (cur) => (cur ? { ...cur, user } : cur));
    },
  });
}
