import { useCallback, useState } from 'react';
import { storage } from './storage';

/** Text that survives a reload: kept in localStorage under `atrium.draft.<key>` until cleared. */
export function useDraft(key: string): [string, (v: string) => void, () => void] {
  const storageKey = `atrium.draft.${key}`;
  const [value, setValue] = useState(() => storage.get(storageKey) ?? '');
  const set = useCallback(
    (v: string) => {
      setValue(v);
      if (v) storage.set(storageKey, v);
      else storage.remove(storageKey);
    },
    [storageKey],
  );
  const clear = useCallback(() => set(''), [set]);
  return [value, set, clear];
}
