import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../components/error-notice';
import { PageHeading } from '../components/page-heading';
import { NotFoundContent } from './not-found-page';
import { ListSkeleton } from '../components/skeleton';
import { announce } from '../lib/announce';
import { useSession } from '../features/session/use-session';
import { ancestors, buildTree, getOrgChart, orgKey } from '../features/org/org.api';
import { OrgTree } from '../features/org/org-tree';

function OrgContent() {
  const { t, i18n } = useTranslation();
  const { user: me } = useSession();
  const query = useQuery({ queryKey: orgKey, queryFn: getOrgChart });
  const tree = useMemo(() => (query.data ? buildTree(query.data.items, i18n.language) : null), [query.data, i18n.language]);
  const [expanded, setExpanded] = useState<Set<string> | null>(null);

  // At first: the top level open, and the way down to oneself.
  const initial = useMemo(() => {
    if (!tree) return new Set<string>();
    return new Set([...tree.roots.map((r) => r.id), ...ancestors(tree, me.id)]);
  }, [tree, me.id]);
  const open = expanded ?? initial;

  const toggle = (id: string) => {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setExpanded(next);
  };

  return (
    <div className="page stack">
      <PageHeading>{t('org.title')}</PageHeading>
      {query.isPending && <ListSkeleton kind="person" count={4} />}
      {query.isError && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {tree && (
        <>
          <div className="row gap-sm wrap">
            <button
              type="button"
              className="btn btn-secondary btn-sm"
              onClick={() => {
                setExpanded(new Set(tree.children.keys()));
                announce(t('org.expandedAll'));
              }}
            >
              {t('org.expandAll')}
            </button>
            <button
              type="button"
              className="btn btn-secondary btn-sm"
              onClick={() => {
                setExpanded(new Set());
                announce(t('org.collapsedAll'));
              }}
            >
              {t('org.collapseAll')}
            </button>
            <p className="muted small">{t('org.count', { count: query.data?.items.length ?? 0 })}</p>
          </div>
          {tree.roots.length === 0 ? <p>{t('org.empty')}</p> : <OrgTree tree={tree} expanded={open} onToggle={toggle} highlightId={me.id} />}
        </>
      )}
    </div>
  );
}

/** The directory and the org chart are the company's: for people from outside they don't exist. */
export default function OrgPage() {
  const { user } = useSession();
  return user.kind === 'guest' ? <NotFoundContent /> : <OrgContent />;
}
