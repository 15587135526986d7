import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../components/dialog';
import { ErrorNotice } from '../../components/error-notice';
import { LoadMore } from '../../components/load-more';
import { RelativeTime } from '../../components/relative-time';
import { ListSkeleton } from '../../components/skeleton';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { PersonRowHeader } from './person-row-header';
import { guestKeys, listGuests, removeGuest, type GuestInfo } from './guests.api';

/** People from outside: their groups, who invited them, when they were last active; remove one entirely. */
export function GuestsAdminList() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [confirm, setConfirm] = useState<GuestInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  const query = useInfiniteQuery({
    queryKey: guestKeys.all,
    queryFn: ({ pageParam }) => listGuests(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const guests = query.data?.pages.flatMap((p) => p.items) ?? [];

  const mutation = useMutation({
    mutationFn: (g: GuestInfo) => removeGuest(g.user.id),
    onSuccess: (_r, g) => {
      setConfirm(null);
      void qc.invalidateQueries({ queryKey: guestKeys.all });
      // His groups, posts and comments are gone too.
      void qc.invalidateQueries({ queryKey: ['groups'] });
      void qc.invalidateQueries({ queryKey: ['posts'] });
      announce(t('admin.guests.removed', { name: g.user.name }));
      requestAnimationFrame(() => document.getElementById('guests-caption')?.focus());
    },
    onError: (err) => setError(errorMessage(t, err)),
  });

  const close = () => {
    setConfirm(null);
    setError(null);
  };

  return (
    <>
      <p id="guests-caption" className="muted" tabIndex={-1}>
        {t('admin.guests.intro')}
      </p>
      {query.isPending && <ListSkeleton kind="line" count={3} />}
      {query.isError && !query.data && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && guests.length === 0 && <p>{t('admin.guests.none')}</p>}
      {guests.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-describedby="guests-caption">
            <thead>
              <tr>
                <th scope="col">{t('fields.name')}</th>
                <th scope="col">{t('admin.guests.groups')}</th>
                <th scope="col">{t('admin.guests.invitedBy')}</th>
                <th scope="col">{t('admin.guests.lastActivity')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {guests.map((g) => (
                <tr key={g.user.id}>
                  {/* The list holds people from outside only: each is marked External. */}
                  <PersonRowHeader user={g.user} />
                  <td>
                    {g.groups.length === 0 ? (
                      <span className="muted">{t('admin.guests.noGroups')}</span>
                    ) : (
                      <ul className="list-plain">
                        {g.groups.map((gr) => (
                          <li key={gr.id}>
                            <Link to={`/groups/${gr.id}`}>{gr.name}</Link>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>{g.invitedBy ? <Link to={`/people/${g.invitedBy.id}`}>{g.invitedBy.name}</Link> : <span className="muted">{t('admin.guests.unknown')}</span>}</td>
                  <td>{g.lastActivityAt ? <RelativeTime iso={g.lastActivityAt} /> : <span className="muted">{t('admin.guests.never')}</span>}</td>
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="btn btn-secondary btn-sm"
                      onClick={() => {
                        setError(null);
                        setConfirm(g);
                      }}
                    >
                      {t('admin.guests.remove')}
                      <span className="visually-hidden"> {g.user.name}</span>
                    </button>
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
        onClose={close}
        title={confirm ? t('admin.guests.removeTitle', { name: confirm.user.name }) : ''}
        footer={
          <>
            <button type="button" className="btn btn-secondary" onClick={close}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn-danger" onClick={() => confirm && mutation.mutate(confirm)} disabled={mutation.isPending}>
              {t('admin.guests.removeConfirm')}
            </button>
          </>
        }
      >
        <p>{t('admin.guests.removeBody')}</p>
        {error && (
          <div className="notice notice-danger" role="alert">
            <p>{error}</p>
          </div>
        )}
      </Dialog>
    </>
  );
}
