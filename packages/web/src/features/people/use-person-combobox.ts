import { useId, useState, type KeyboardEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { UserSummary } from '@atrium/contract';
import { useDebounced } from '../../lib/use-debounced';
import { searchUsers, userKeys } from './people.api';

interface Options {
  /** What is typed in the box. */
  text: string;
  onPick: (u: UserSummary) => void;
  /** Left out of the matches (people already in, say). */
  exclude?: (u: UserSummary) => boolean;
  /** A person is chosen and named in the box: no matches until the user types again. */
  chosen?: boolean;
}

/**
 * The state and keyboard of the ARIA combobox pattern over the directory: the matches for what is
 * typed, which one is active, and whether the listbox is shown. The caller renders the input (with
 * `inputProps`) and the listbox (with PersonListbox).
 */
export function usePersonCombobox({ text, onPick, exclude, chosen = false }: Options) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const term = useDebounced(chosen ? '' : text.trim(), 200);
  const results = useQuery({
    queryKey: userKeys.search(term),
    queryFn: ({ signal }) => searchUsers(term, undefined, 8, signal),
    enabled: term.length >= 1,
    placeholderData: keepPreviousData,
  });
  const items = (results.data?.items ?? []).filter((u) => !exclude?.(u));
  const searching = open && !chosen && term.length >= 1;
  const expanded = searching && items.length > 0;
  /** The search has answered for this very term, with nobody. */
  const nothing = searching && results.isSuccess && !results.isPlaceholderData && items.length === 0;
  const listId = `${id}-list`;
  const activeIndex = Math.min(active, Math.max(0, items.length - 1));
  const optionId = (i: number) => `${id}-opt-${i}`;

  const pick = (u: UserSummary) => {
    onPick(u);
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

  return {
    id,
    term,
    items,
    expanded,
    nothing,
    listId,
    activeIndex,
    optionId,
    pick,
    setActive,
    /** Call on every keystroke: a new text opens the list at its first match. */
    onType: () => {
      setOpen(true);
      setActive(0);
    },
    inputProps: {
      id,
      type: 'text',
      role: 'combobox',
      'aria-expanded': expanded,
      'aria-controls': listId,
      'aria-autocomplete': 'list',
      'aria-activedescendant': expanded ? optionId(activeIndex) : undefined,
      autoComplete: 'off',
      onKeyDown,
      onBlur: () => setOpen(false),
      onFocus: () => setOpen(true),
    } as const,
  };
}

export type PersonCombobox = ReturnType<typeof usePersonCombobox>;
