import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/avatar';
import type { PersonCombobox } from './use-person-combobox';

/** The matches of a person combobox, each with face, name, and title and department. */
export function PersonListbox({ combobox, label }: { combobox: PersonCombobox; label: string }) {
  const { t } = useTranslation();
  const { listId, expanded, items, optionId, activeIndex, pick, setActive } = combobox;
  return (
    <ul id={listId} role="listbox" aria-label={label} className="suggestions" hidden={!expanded}>
      {expanded &&
        items.map((u, i) => (
          <li
            key={u.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === activeIndex}
            className="suggestion"
            onMouseDown={(e) => {
              // Keep focus in the input, so the blur doesn't close the list before the pick.
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
  );
}
