import { useTranslation } from 'react-i18next';
import type { User } from '@atrium/contract';
import { formatMonthYear } from '../../lib/time';

/** About, skills and the CV. */
export function ProfileAbout({ user }: { user: User }) {
  const { t, i18n } = useTranslation();
  const hasAny = user.about || user.skills.length > 0 || user.experience.length > 0;
  if (!hasAny) return null;
  const period = (from: string | null, to: string | null) => {
    if (!from && !to) return '';
    const f = from ? formatMonthYear(from, i18n.language) : '';
    const e = to ? formatMonthYear(to, i18n.language) : t('profile.present');
    return f ? `${f} – ${e}` : e;
  };
  return (
    <div className="stack">
      {user.about && (
        <section className="card" aria-labelledby="about-h">
          <h2 id="about-h" className="section-title">
            {t('profile.about')}
          </h2>
          <p className="pre-wrap">{user.about}</p>
        </section>
      )}
      {user.skills.length > 0 && (
        <section className="card" aria-labelledby="skills-h">
          <h2 id="skills-h" className="section-title">
            {t('profile.skills')}
          </h2>
          <ul className="list-plain chips">
            {user.skills.map((s) => (
              <li key={s} className="chip">
                {s}
              </li>
            ))}
          </ul>
        </section>
      )}
      {user.experience.length > 0 && (
        <section className="card" aria-labelledby="exp-h">
          <h2 id="exp-h" className="section-title">
            {t('profile.experience')}
          </h2>
          <ol className="list-plain timeline">
            {user.experience.map((x, i) => (
              <li key={i} className="timeline-item">
                <h3 className="timeline-title">{x.title}</h3>
                {x.organization && <p>{x.organization}</p>}
                {(x.from || x.to) && <p className="muted small">{period(x.from, x.to)}</p>}
                {x.description && <p className="pre-wrap">{x.description}</p>}
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
