import { useQuery, type QueryClient } from '@tanstack/react-query';
import { getGroup, groupKeys, type Group } from './groups.api';

export function useGroup(id: string) {
  return useQuery({ queryKey: groupKeys.one(id), queryFn: () => getGroup(id) });
}

/** The server's fresh copy of a group: shown at once, and the directory lists reload when next seen. */
export function storeGroup(qc: QueryClient, group: Group): void {
  qc.setQueryData(groupKeys.one(group.id), group);
  void qc.invalidateQueries({ queryKey: ['groups', 'list'] });
}

/** Members or requests changed: counts, lists and the group's feed follow. */
export function refreshGroup(qc: QueryClient, id: string): void {
  void qc.invalidateQueries({ queryKey: groupKeys.one(id) });
  void qc.invalidateQueries({ queryKey: groupKeys.members(id) });
  void qc.invalidateQueries({ queryKey: groupKeys.requests(id) });
  void qc.invalidateQueries({ queryKey: ['groups', 'list'] });
}

/** The caller may appoint and remove owners: the group's owners and admins. */
export const canManageOwners = (group: Group, me: { role: string; kind: string }) =>
  group.canManage && (group.myRole === 'owner' || (me.role === 'admin' && me.kind === 'member'));
