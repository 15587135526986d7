import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

const MAX_SKILLS = 50;

/** Skills as removable chips; type one and press Enter (or Add). */
export function SkillsEditor({ skills, onChange }: { skills: string[]; onChange: (s: string[]) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState('');
  const add = () => {
    const parts = draft
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const next = [...skills];
    for (const p of parts) if (!next.some((s) => s.toLowerCase() === p.toLowerCase())) next.push(p.slice(0, 60));
    onChange(next.slice(0, MAX_SKILLS));
    setDraft('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      add();
    }
  };
  return (
    <fieldset className="card fieldset-card stack-sm">
      <legend className="section-title">{t('profile.skills')}</legend>
      {skills.length > 0 && (
        <ul className="list-plain chips">
          {skills.map((s) => (
            <li key={s} className="chip">
              {s}
              <button
                type="button"
                className="chip-remove"
                aria-label={t('profileEdit.removeSkill', { skill: s })}
                onClick={() => onChange(skills.filter((x) => x !== s))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor={id} className="field-label">
          {t('profileEdit.addSkill')}
        </label>
        <div className="row gap-sm">
          <input id={id} className="input grow" value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={onKeyDown} maxLength={200} aria-describedby={`${id}-hint`} />
          <button type="button" className="btn btn-secondary" onClick={add} disabled={!draft.trim() || skills.length >= MAX_SKILLS}>
            {t('profileEdit.addSkillButton')}
          </button>
        </div>
        <p id={`${id}-hint`} className="field-hint">
          {t('profileEdit.skillsHint')}
        </p>
      </div>
    </fieldset>
  );
}
