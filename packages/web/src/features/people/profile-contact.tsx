import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { User } from '@atrium/contract';
import { SkeletonBlock } from '../../components/skeleton';
import { getReports, userKeys } from './people.api';
import { useUser } from './use-user';
import { PersonCard } from './person-card';

/** Contact details, the manager and the direct reports (not for or about people from outside). */
export function ProfileContact({ user, showTeam = true }: { user: User; showTeam?: boolean }) {
  const { t } = useTranslation();
  const manager = useUser(showTeam ? user.managerId : null);
  const reports = useQuery({ queryKey: userKeys.reports(user.id), queryFn: () => getReports(user.id), enabled: showTeam });
  return (
    <div className="stack">
      <section className="card" aria-labelledby="contact-h">
        <h2 id="contact-h" className="section-title">
          {t('profile.contact')}
        </h2>
        <dl className="details">
          {user.email && (
            <>
              <dt>{t('fields.email')}</dt>
              <dd>
                <a href={`mailto:${user.email}`}>{user.email}</a>
              </dd>
            </>
          )}
          {user.phone && (
            <>
              <dt>{t('fields.phone')}</dt>
              <dd>
                <a href={`tel:${user.phone.replace(/[^\d+]/g, '')}`}>{user.phone}</a>
              </dd>
            </>
          )}
          {user.location && (
            <>
              <dt>{t('fields.location')}</dt>
              <dd>{user.location}</dd>
            </>
          )}
          {user.department && (
            <>
              <dt>{t('fields.department')}</dt>
              <dd>{user.department}</dd>
            </>
          )}
        </dl>
      </section>
      {showTeam && (
        <section className="card stack-sm" aria-labelledby="team-h">
          <h2 id="team-h" className="section-title">
            {t('profile.team')}
          </h2>
          <h3 className="subsection-title">{t('profile.manager')}</h3>
          {!user.managerId && <p className="muted">{t('profile.noManager')}</p>}
          {user.managerId && manager.isPending && <SkeletonBlock width="60%" />}
          {manager.data && <PersonCard user={manager.data} compact />}
          <h3 className="subsection-title">{t('profile.reports')}</h3>
          {reports.isPending && <SkeletonBlock width="60%" />}
          {reports.data && reports.data.items.length === 0 && <p className="muted">{t('profile.noReports')}</p>}
          {reports.data && reports.data.items.length > 0 && (
            <ul className="list-plain stack-xs">
              {reports.data.items.map((r) => (
                <li key={r.id}>
                  <PersonCard user={r} compact />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
