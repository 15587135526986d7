import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { MeResponse } from '@atrium/contract';
import { setPageTitle } from './title';

/** "Feed · Acme" — the organization's name from the session (or setup status) when known. */
export function useDocumentTitle(title: string | null | undefined): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (!title) return;
    const me = qc.getQueryData<MeResponse>(['me']);
    const setup = qc.getQueryData<{ orgName: string | null }>(['setup']);
    const org = me?.orgName || setup?.orgName || 'Atrium';
    setPageTitle(`${title} · ${org}`);
  }, [title, qc]);
}
