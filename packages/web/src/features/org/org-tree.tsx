import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/avatar';
import { Icon } from '../../components/icons';
import type { OrgNode, Tree } from './org.api';

interface Props {
  tree: Tree;
  expanded: Set<string>;
  onToggle: (id: string) => void;
  highlightId: string;
}

/** Nested lists: each person with a button that shows or hides his direct reports. */
export function OrgTree({ tree, expanded, onToggle, highlightId }: Props) {
  const { t } = useTranslation();
  const render = (nodes: OrgNode[], depth: number, path: Set<string>) => (
    <ul className={depth === 0 ? 'list-plain org-tree' : 'list-plain org-branch'}>
      {nodes.map((n) => {
        const kids = path.has(n.id) ? [] : (tree.children.get(n.id) ?? []);
        const open = expanded.has(n.id);
        const branchId = `org-${n.id}`;
        return (
          <li key={n.id} className="org-item">
            <div className={n.id === highlightId ? 'org-node is-me' : 'org-node'}>
              {kids.length > 0 ? (
                <button
                  type="button"
                  className="org-toggle"
                  aria-expanded={open}
                  aria-controls={open ? branchId : undefined}
                  aria-label={t('org.toggle', { name: n.name, count: kids.length })}
                  onClick={() => onToggle(n.id)}
                >
                  <Icon name="chevron" size={18} />
                </button>
              ) : (
                <span className="org-toggle-spacer" aria-hidden="true" />
              )}
              <Link to={`/people/${n.id}`} className="org-person">
                <Avatar user={n} size="sm" />
                <span className="person-text">
                  <span className="person-name">
                    {n.name}
                    {n.kind === 'guest' && <span className="badge">{t('people.external')}</span>}
                  </span>
                  <span className="person-line muted">{[n.title, n.department].filter(Boolean).join(' · ')}</span>
                </span>
              </Link>
              {kids.length > 0 && (
                <span className="muted small org-count" aria-hidden="true">
                  {t('org.reports', { count: kids.length })}
                </span>
              )}
            </div>
            {open && kids.length > 0 && (
              <div id={branchId}>{render(kids, depth + 1, new Set([...path, n.id]))}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
  return render(tree.roots, 0, new Set());
}
