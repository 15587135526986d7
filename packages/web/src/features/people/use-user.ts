import { useQuery } from '@tanstack/react-query';
import { getUser, userKeys } from './people.api';

export function useUser(id: string | null | undefined) {
  return useQuery({ queryKey: userKeys.one(id ?? ''), queryFn: () => getUser(id!), enabled: !!id });
}
