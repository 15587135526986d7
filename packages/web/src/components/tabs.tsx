import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<K extends string> {
  id: K;
  label: string;
}

interface Props<K extends string> {
  /** Names the tab list ("People by status"). */
  label: string;
  /** Prefix for the tab and panel ids; the panel is `${idBase}-panel`. */
  idBase: string;
  tabs: TabItem<K>[];
  selected: K;
  onSelect: (id: K) => void;
}

export const tabId = (idBase: string, id: string) => `${idBase}-tab-${id}`;
export const tabPanelId = (idBase: string) => `${idBase}-panel`;

/**
 * The ARIA tabs pattern: one Tab stop for the list, arrow keys (and Home/End) move between the
 * tabs and select them. The caller renders the one panel with `TabPanel` below.
 */
export function Tabs<K extends string>({ label, idBase, tabs, selected, onSelect }: Props<K>) {
  const list = useRef<HTMLDivElement>(null);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = tabs.findIndex((tab) => tab.id === selected);
    const next =
      e.key === 'ArrowRight' ? (i + 1) % tabs.length
      : e.key === 'ArrowLeft' ? (i - 1 + tabs.length) % tabs.length
      : e.key === 'Home' ? 0
      : e.key === 'End' ? tabs.length - 1
      : -1;
    if (next < 0) return;
    e.preventDefault();
    const tab = tabs[next]!;
    onSelect(tab.id);
    list.current?.querySelector<HTMLElement>(`#${CSS.escape(tabId(idBase, tab.id))}`)?.focus();
  };

  return (
    <div ref={list} role="tablist" aria-label={label} className="tabs" onKeyDown={onKeyDown}>
      {tabs.map((tab) => {
        const on = tab.id === selected;
        return (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={tabId(idBase, tab.id)}
            aria-selected={on}
            aria-controls={on ? tabPanelId(idBase) : undefined}
            tabIndex={on ? 0 : -1}
            className="tab"
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}

/** The panel of the selected tab, named by it. */
export function TabPanel({ idBase, selected, className, children }: { idBase: string; selected: string; className?: string; children: ReactNode }) {
  return (
    <div role="tabpanel" id={tabPanelId(idBase)} aria-labelledby={tabId(idBase, selected)} className={className}>
      {children}
    </div>
  );
}
