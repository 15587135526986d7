import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '@atrium/contract';
import { Avatar } from '../../components/avatar';
import { PersonListbox } from './person-listbox';
import { usePersonCombobox } from './use-person-combobox';

interface Props {
  value: UserSummary | null;
  onChange: (u: UserSummary | null) => void;
  /** The person being edited: he can't be his own manager. */
  excludeId: string;
  error?: string | null;
}

/** The current manager, with a box to choose another by typing a name (the box empties on a choice). */
export function ManagerPicker({ value, onChange, excludeId, error }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const combobox = usePersonCombobox({
    text: q,
    exclude: (u) => u.id === excludeId,
    onPick: (u) => {
      onChange(u);
      setQ('');
    },
  });

  return (
    <fieldset className="card fieldset-card stack-sm">
      <legend className="section-title">{t('fields.manager')}</legend>
      {value ? (
        <div className="row gap-sm">
          <Avatar user={value} size="sm" />
          <span>
            {value.name}
            {value.title && <span className="muted small"> · {value.title}</span>}
          </span>
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => onChange(null)}>
            {t('profileEdit.removeManager', { name: value.name })}
          </button>
        </div>
      ) : (
        <p className="muted small">{t('profile.noManager')}</p>
      )}
      <div className="combobox">
        <label htmlFor={combobox.id} className="field-label small">
          {value ? t('profileEdit.changeManager') : t('profileEdit.chooseManager')}
        </label>
        <input
          className="input"
          {...combobox.inputProps}
          aria-invalid={error ? true : undefined}
          value={q}
          placeholder={t('profileEdit.managerPlaceholder')}
          onChange={(e) => {
            setQ(e.target.value);
            combobox.onType();
          }}
        />
        <PersonListbox combobox={combobox} label={t('profileEdit.managerResults')} />
      </div>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
