import { useId, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { UserSummary } from '@atrium/contract';
import { Avatar } from '../../components/avatar';
import { useDebounced } from '../../lib/use-debounced';
import { searchUsers, userKeys } from './people.api';

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
  const id = useId();
  const [q, setQ] = useState(value?.name ?? '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const term = useDebounced(value ? '' : q.trim(), 200);
  const results = useQuery({
    queryKey: userKeys.search(term),
    queryFn: ({ signal }) => searchUsers(term, undefined, 8, signal),
    enabled: term.length >= 1,
    placeholderData: keepPreviousData,
  });
  const items = (results.data?.items ?? []).filter((u) => !exclude?.(u));
  const expanded = open && !value && term.length >= 1 && items.length > 0;
  const nothing = open && !value && term.length >= 1 && results.isSuccess && !results.isPlaceholderData && items.length === 0;
  const listId = `${id}-list`;
  const errId = `${id}-err`;
  const activeIndex = Math.min(active, Math.max(0, items.length - 1));
  const optId = (i: number) => `${id}-opt-${i}`;

  const pick = (u: UserSummary) => {
    onChange(u);
    setQ(u.name);
    setOpen(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!expanded) return setOpen(true);
      const d = e.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + d + items.length) % items.length);
    } else if (e.key === 'Enter' && expanded) {
      e.preventDefault();
      const u = items[activeIndex];
      if (u) pick(u);
    } else if (e.key === 'Escape' && expanded) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <div className="field combobox">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input
        ref={inputRef}
        id={id}
        className="input"
        type="text"
        role="combobox"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded ? optId(activeIndex) : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errId : undefined}
        autoComplete="off"
        value={q}
        placeholder={t('people.pickerPlaceholder')}
        onChange={(e) => {
          setQ(e.target.value);
          if (value) onChange(null);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        onFocus={() => setOpen(true)}
      />
      <ul id={listId} role="listbox" aria-label={t('people.pickerResults')} className="suggestions" hidden={!expanded}>
        {expanded &&
          items.map((u, i) => (
            <li
              key={u.id}
              id={optId(i)}
              role="option"
              aria-selected={i === activeIndex}
              className="suggestion"
              onMouseDown={(e) => {
                e.preventDefault();
                pick(u);
              }}
              onMouseEnter={() => setActive(i)}
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
