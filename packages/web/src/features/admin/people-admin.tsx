import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { User } from '@atrium/contract';
import { Tabs, TabPanel } from '../../components/tabs';
import { useDebounced } from '../../lib/use-debounced';
import { GuestsAdminList } from './guests-admin-list';
import { PeopleAdminList } from './people-admin-list';

type Status = User['status'];
type View = Status | 'guests';

/**
 * Everyone in the organization, active or deactivated, and the people from outside (guests), one
 * tab each. The tab lives in the URL (`?status=deactivated`, `?status=guests`) so a reload or a
 * shared link lands on the same list.
 */
export function PeopleAdmin() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = params.get('status');
  const view: View = asked === 'deactivated' || asked === 'guests' ? asked : 'active';
  const [q, setQ] = useState('');
  const term = useDebounced(q.trim(), 250);

  const select = (s: View) => setParams(s === 'active' ? {} : { status: s }, { replace: true, preventScrollReset: true });

  return (
    <section className="card stack" aria-labelledby="people-admin-h">
      <h2 id="people-admin-h" className="section-title">
        {t('admin.peopleTitle')}
      </h2>
      <Tabs
        label={t('admin.tabs.label')}
        idBase="people-status"
        tabs={[
          { id: 'active', label: t('admin.tabs.active') },
          { id: 'deactivated', label: t('admin.tabs.deactivated') },
          { id: 'guests', label: t('admin.tabs.guests') },
        ]}
        selected={view}
        onSelect={select}
      />
      <TabPanel idBase="people-status" selected={view} className="stack">
        {view === 'guests' ? (
          <GuestsAdminList />
        ) : (
          <>
            <div className="field">
              <label htmlFor="admin-filter" className="field-label">
                {t('admin.filter')}
              </label>
              <input id="admin-filter" type="search" className="input" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
            </div>
            <PeopleAdminList status={view} term={term} />
          </>
        )}
      </TabPanel>
    </section>
  );
}
