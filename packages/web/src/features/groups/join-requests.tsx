import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Avatar } from '../../components/avatar';
import { ErrorNotice } from '../../components/error-notice';
import { RelativeTime } from '../../components/relative-time';
import { ListSkeleton } from '../../components/skeleton';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { answerRequest, groupKeys, listRequests, type Group, type JoinRequest } from './groups.api';
import { refreshGroup } from './use-group';

export function useJoinRequests(group: Group) {
  return useQuery({
    queryKey: groupKeys.requests(group.id),
    queryFn: () => listRequests(group.id),
    enabled: group.canManage && group.visibility !== 'public',
  });
}

/** People who asked to join: owners and managers approve or decline (the asker is told by mail). */
export function JoinRequests({ group }: { group: Group }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const headId = useId();
  const query = useJoinRequests(group);
  const [rowError, setRowError] = useState<{ id: string; message: string } | null>(null);

  const mutation = useMutation({
    mutationFn: ({ r, approve }: { r: JoinRequest; approve: boolean }) => answerRequest(group.id, r.user.id, approve),
    onMutate: () => setRowError(null),
    onSuccess: (_res, { r, approve }) => {
      refreshGroup(qc, group.id);
      announce(approve ? t('groups.requests.approved', { name: r.user.name }) : t('groups.requests.declined', { name: r.user.name }));
      requestAnimationFrame(() => document.getElementById(headId)?.focus());
    },
    onError: (err, { r }) => setRowError({ id: r.user.id, message: errorMessage(t, err) }),
  });

  const items = query.data?.items ?? [];
  return (
    <section className="card stack-sm" aria-labelledby={headId}>
      <h2 id={headId} className="section-title" tabIndex={-1}>
        {t('groups.requests.title')}
      </h2>
      {query.isPending && <ListSkeleton kind="line" count={2} />}
      {query.isError && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && items.length === 0 && <p className="muted">{t('groups.requests.none')}</p>}
      {items.length > 0 && (
        <ul className="list-plain member-list">
          {items.map((r) => (
            <li key={r.user.id} className="member-row">
              <Avatar user={r.user} size="sm" />
              <div className="member-text">
                <span>
                  <Link to={`/people/${r.user.id}`} className="author-link">
                    {r.user.name}
                  </Link>
                  {r.user.kind === 'guest' && <span className="badge">{t('people.external')}</span>}
                </span>
                <span className="muted small">
                  {t('groups.requests.asked')} <RelativeTime iso={r.createdAt} />
                </span>
                {rowError?.id === r.user.id && (
                  <span className="field-error" role="alert">
                    {rowError.message}
                  </span>
                )}
              </div>
              <div className="member-controls">
                <button type="button" className="btn btn-primary btn-sm" disabled={mutation.isPending} onClick={() => mutation.mutate({ r, approve: true })}>
                  {t('groups.requests.approve')}
                  <span className="visually-hidden"> {r.user.name}</span>
                </button>
                <button type="button" className="btn btn-secondary btn-sm" disabled={mutation.isPending} onClick={() => mutation.mutate({ r, approve: false })}>
                  {t('groups.requests.decline')}
                  <span className="visually-hidden"> {r.user.name}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
