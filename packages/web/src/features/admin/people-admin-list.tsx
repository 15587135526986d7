import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { Page, User } from '@atrium/contract';
import { Dialog } from '../../components/dialog';
import { ErrorNotice } from '../../components/error-notice';
import { LoadMore } from '../../components/load-more';
import { ListSkeleton } from '../../components/skeleton';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { useSession } from '../session/use-session';
import { listUsersByStatus, updateUser, userKeys } from '../people/people.api';
import { PersonRowHeader } from './person-row-header';

type Pages = InfiniteData<Page<User>, string | undefined>;
type Status = User['status'];

/** The people of one status (the tab), with deactivate / reactivate on each row. */
export function PeopleAdminList({ status, term }: { status: Status; term: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { user: me } = useSession();
  const key = userKeys.admin(status, term);
  const [confirm, setConfirm] = useState<User | null>(null);
  const [rowError, setRowError] = useState<{ id: string; message: string } | null>(null);

  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam, signal }) => listUsersByStatus(status, term || undefined, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const mutation = useMutation({
    mutationFn: ({ user, status: to }: { user: User; status: Status }) => updateUser(user.id, { status: to }),
    onSuccess: (u) => {
      setRowError(null);
      // Update in place: the row stays in this tab, so the action can be undone right here. Both
      // tabs are marked stale without refetching now: each loads afresh when it is opened next.
      qc.setQueryData<Pages>(key, (d) =>
        d ? { ...d, pages: d.pages.map((p) => ({ ...p, items: p.items.map((x) => (x.id === u.id ? u : x)) })) } : d,
      );
      qc.setQueryData(userKeys.one(u.id), u);
      void qc.invalidateQueries({ queryKey: ['users', 'admin'], refetchType: 'none' });
      void qc.invalidateQueries({ queryKey: ['users', 'directory'] });
      void qc.invalidateQueries({ queryKey: ['orgchart'] });
      announce(u.status === 'active' ? t('admin.reactivated', { name: u.name }) : t('admin.deactivatedDone', { name: u.name }));
    },
    onError: (err, v) => setRowError({ id: v.user.id, message: errorMessage(t, err) }),
  });

  const people = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      {query.isPending && <ListSkeleton kind="line" count={4} />}
      {query.isError && !query.data && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && people.length === 0 && (
        <p>{term ? t('people.noResults', { term }) : status === 'deactivated' ? t('admin.noneDeactivated') : t('people.empty')}</p>
      )}
      {people.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('fields.name')}</th>
                <th scope="col">{t('fields.role')}</th>
                <th scope="col">{t('admin.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {people.map((u) => (
                <tr key={u.id}>
                  <PersonRowHeader user={u} />
                  <td>{t(`roles.${u.role}`)}</td>
                  <td>{u.status === 'active' ? t('admin.active') : <span className="badge badge-warning">{t('people.deactivated')}</span>}</td>
                  <td className="cell-actions">
                    {u.id !== me.id &&
                      (u.status === 'active' ? (
                        <button type="button" className="btn btn-secondary btn-sm" onClick={() => setConfirm(u)}>
                          {t('admin.deactivate')}
                          <span className="visually-hidden"> {u.name}</span>
                        </button>
                      ) : (
                        <button type="button" className="btn btn-secondary btn-sm" onClick={() => mutation.mutate({ user: u, status: 'active' })}>
                          {t('admin.reactivate')}
                          <span className="visually-hidden"> {u.name}</span>
                        </button>
                      ))}
                    {rowError?.id === u.id && (
                      <p className="field-error" role="alert">
                        {rowError.message}
                      </p>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
      <Dialog
        open={!!confirm}
        onClose={() => setConfirm(null)}
        title={confirm ? t('admin.deactivateTitle', { name: confirm.name }) : ''}
        footer={
          <>
            <button type="button" className="btn btn-secondary" onClick={() => setConfirm(null)}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => {
                if (confirm) mutation.mutate({ user: confirm, status: 'deactivated' });
                setConfirm(null);
              }}
            >
              {t('admin.deactivate')}
            </button>
          </>
        }
      >
        <p>{t('admin.deactivateBody')}</p>
      </Dialog>
    </>
  );
}
