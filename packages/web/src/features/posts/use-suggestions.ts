import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useDebounced } from '../../lib/use-debounced';
import { searchUsers, userKeys } from '../people/people.api';
import { knownTopics } from './posts.cache';

export interface Token {
  trigger: '@' | '#';
  text: string;
  /** Index of the trigger character in the text. */
  start: number;
}

export interface Suggestion {
  key: string;
  label: string;
  detail: string;
  insert: string;
  avatar?: { id: string; name: string; avatarUrl: string | null };
  /** A person from outside: marked "External" in the list. */
  external?: boolean;
}

const TOKEN = /(^|[^\p{L}\p{N}_])([@#])([\p{L}\p{N}_.-]{0,40})$/u;

/** The @mention or #topic being typed right before the caret, if any. */
export function tokenAt(value: string, caret: number): Token | null {
  const m = TOKEN.exec(value.slice(0, caret));
  if (!m) return null;
  const trigger = m[2] as '@' | '#';
  const text = m[3] ?? '';
  return { trigger, text, start: caret - text.length - 1 };
}

/** People from the directory for "@", topics seen in loaded posts for "#". */
export function useSuggestions(token: Token | null): { items: Suggestion[]; loading: boolean } {
  const qc = useQueryClient();
  const text = useDebounced(token?.trigger === '@' ? token.text : '', 150);
  const people = useQuery({
    queryKey: userKeys.search(text),
    queryFn: ({ signal }) => searchUsers(text, undefined, 6, signal),
    enabled: token?.trigger === '@' && text.length >= 1,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });

  return useMemo(() => {
    if (!token) return { items: [], loading: false };
    if (token.trigger === '#') {
      const prefix = token.text.toLowerCase();
      const items = knownTopics(qc)
        .filter((t) => t.toLowerCase().startsWith(prefix) && t.toLowerCase() !== prefix)
        .slice(0, 6)
        .map((t) => ({ key: `t:${t}`, label: `#${t}`, detail: '', insert: `#${t} ` }));
      return { items, loading: false };
    }
    if (token.text.length < 1) return { items: [], loading: false };
    const items = (people.data?.items ?? []).map((u) => ({
      key: `u:${u.id}`,
      label: u.name,
      detail: [`@${u.handle}`, u.title].filter(Boolean).join(' · '),
      insert: `@${u.handle} `,
      avatar: u,
      external: u.kind === 'guest',
    }));
    return { items, loading: people.isFetching };
  }, [token, people.data, people.isFetching, qc]);
}
