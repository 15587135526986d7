import { useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '@atrium/contract';
import { PersonListbox } from './person-listbox';
import { usePersonCombobox } from './use-person-combobox';

interface Props {
  label: string;
  value: UserSummary | null;
  onChange: (u: UserSummary | null) => void;
  /** Left out of the matches (people already in, say). */
  exclude?: (u: UserSummary) => boolean;
  error?: string | null;
  inputRef?: Ref<HTMLInputElement>;
}

/**
 * Choose one person by typing a name: the ARIA combobox pattern over the directory. The chosen
 * person's name stays in the box; typing again starts a new choice.
 */
export function PersonPicker({ label, value, onChange, exclude, error, inputRef }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState(value?.name ?? '');
  const combobox = usePersonCombobox({
    text: q,
    exclude,
    chosen: value !== null,
    onPick: (u) => {
      onChange(u);
      setQ(u.name);
    },
  });
  const { id, expanded, nothing, items, term } = combobox;
  const errId = `${id}-err`;

  return (
    <div className="field combobox">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input
        ref={inputRef}
        className="input"
        {...combobox.inputProps}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errId : undefined}
        value={q}
        placeholder={t('people.pickerPlaceholder')}
        onChange={(e) => {
          setQ(e.target.value);
          if (value) onChange(null);
          combobox.onType();
        }}
      />
      <PersonListbox combobox={combobox} label={t('people.pickerResults')} />
      <span className="visually-hidden" role="status">
        {expanded ? t('composer.suggestionsCount', { count: items.length }) : nothing ? t('people.pickerNone', { term }) : ''}
      </span>
      {nothing && (
        <p className="field-hint" aria-hidden="true">
          {t('people.pickerNone', { term })}
        </p>
      )}
      {error && (
        <p id={errId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
