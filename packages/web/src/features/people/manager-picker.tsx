import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { UserSummary } from '@atrium/contract';
import { Avatar } from '../../components/avatar';
import { useDebounced } from '../../lib/use-debounced';
import { searchUsers, userKeys } from './people.api';

interface Props {
  value: UserSummary | null;
  onChange: (u: UserSummary | null) => void;
  /** The person being edited: he can't be his own manager. */
  excludeId: string;
  error?: string | null;
}

/** Pick a person by typing a name: the ARIA combobox pattern with a listbox of matches. */
export function ManagerPicker({ value, onChange, excludeId, error }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const term = useDebounced(q.trim(), 200);
  const results = useQuery({
    queryKey: userKeys.search(term),
    queryFn: ({ signal }) => searchUsers(term, undefined, 8, signal),
    enabled: term.length >= 1,
    placeholderData: keepPreviousData,
  });
  const items = (results.data?.items ?? []).filter((u) => u.id !== excludeId);
  const expanded = open && term.length >= 1 && items.length > 0;
  const listId = `${id}-list`;
  const optId = (i: number) => `${id}-opt-${i}`;

  const pick = (u: UserSummary) => {
    onChange(u);
    setQ('');
    setOpen(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!expanded) return setOpen(true);
      const d = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (a + d + items.length) % items.length);
    } else if (e.key === 'Enter' && expanded) {
      e.preventDefault();
      const u = items[Math.min(active, items.length - 1)];
      if (u) pick(u);
    } else if (e.key === 'Escape' && expanded) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

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
        <label htmlFor={id} className="field-label small">
          {value ? t('profileEdit.changeManager') : t('profileEdit.chooseManager')}
        </label>
        <input
          id={id}
          className="input"
          type="text"
          role="combobox"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={expanded ? optId(Math.min(active, items.length - 1)) : undefined}
          aria-invalid={error ? true : undefined}
          autoComplete="off"
          value={q}
          placeholder={t('profileEdit.managerPlaceholder')}
          onChange={(e) => {
            setQ(e.target.value);
            setOpen(true);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
          onFocus={() => setOpen(true)}
        />
        <ul id={listId} role="listbox" aria-label={t('profileEdit.managerResults')} className="suggestions" hidden={!expanded}>
          {expanded &&
            items.map((u, i) => (
              <li
                key={u.id}
                id={optId(i)}
                role="option"
                aria-selected={i === Math.min(active, items.length - 1)}
                className="suggestion"
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(u);
                }}
              >
                <Avatar user={u} size="sm" />
                <span className="suggestion-text">
                  <span className="suggestion-label">
                    {u.name}
                    {u.kind === 'guest' && <span className="badge">{t('people.external')}</span>}
                  </span>
                  <span className="suggestion-detail">{[u.title, u.department].filter(Boolean).join(' · ')}</span>
                </span>
              </li>
            ))}
        </ul>
      </div>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
