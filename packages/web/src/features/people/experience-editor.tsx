import { useTranslation } from 'react-i18next';
import { TextAreaField, TextField } from '../../components/field';

export interface ExperienceRow {
  key: number;
  title: string;
  organization: string;
  from: string;
  to: string;
  description: string;
}

let seq = 0;
export const newRow = (init: Partial<ExperienceRow> = {}): ExperienceRow => ({
  key: ++seq,
  title: '',
  organization: '',
  from: '',
  to: '',
  description: '',
  ...init,
});

interface Props {
  rows: ExperienceRow[];
  onChange: (rows: ExperienceRow[]) => void;
  errors: Record<number, string>;
}

/** The CV: one fieldset per entry, rows added and removed with buttons. */
export function ExperienceEditor({ rows, onChange, errors }: Props) {
  const { t } = useTranslation();
  const set = (key: number, patch: Partial<ExperienceRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const add = () => {
    const row = newRow();
    onChange([...rows, row]);
    requestAnimationFrame(() => document.getElementById(`exp-${row.key}-title`)?.focus());
  };
  const remove = (i: number) => {
    const next = rows.filter((_, j) => j !== i);
    onChange(next);
    // Keep the focus nearby: the next entry's first field, else the "Add" button.
    requestAnimationFrame(() => {
      const target = next[i] ?? next[i - 1];
      (target ? document.getElementById(`exp-${target.key}-title`) : document.getElementById('exp-add'))?.focus();
    });
  };

  return (
    <fieldset className="card fieldset-card stack">
      <legend className="section-title">{t('profile.experience')}</legend>
      {rows.length === 0 && <p className="muted">{t('profileEdit.noExperience')}</p>}
      {rows.map((r, i) => (
        <fieldset key={r.key} className="card card-inset fieldset-card stack-sm">
          <legend className="field-label">{t('profileEdit.entry', { n: i + 1 })}</legend>
          <div className="grid-2">
            <TextField id={`exp-${r.key}-title`} label={t('fields.jobTitle')} value={r.title} onChange={(e) => set(r.key, { title: e.target.value })} maxLength={200} required error={errors[i]} />
            <TextField label={t('fields.organization')} value={r.organization} onChange={(e) => set(r.key, { organization: e.target.value })} maxLength={200} />
            <TextField label={t('fields.from')} type="date" value={r.from} onChange={(e) => set(r.key, { from: e.target.value })} />
            <TextField label={t('fields.to')} type="date" value={r.to} onChange={(e) => set(r.key, { to: e.target.value })} hint={t('profileEdit.toHint')} />
          </div>
          <TextAreaField label={t('fields.description')} value={r.description} onChange={(e) => set(r.key, { description: e.target.value })} maxLength={2000} rows={3} />
          <div>
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => remove(i)}>
              {t('profileEdit.removeEntry', { n: i + 1 })}
            </button>
          </div>
        </fieldset>
      ))}
      <div>
        <button type="button" id="exp-add" className="btn btn-secondary" onClick={add}>
          {t('profileEdit.addEntry')}
        </button>
      </div>
    </fieldset>
  );
}
