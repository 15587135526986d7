import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link } from 'react-router';

export type MenuEntry =
  | { kind: 'item'; label: string; onSelect: () => void; danger?: boolean }
  | { kind: 'link'; label: string; to: string }
  | { kind: 'radio'; label: string; checked: boolean; onSelect: () => void; lang?: string }
  | { kind: 'group'; label: string; entries: MenuEntry[] }
  | { kind: 'separator' };

interface Props {
  /** The button's accessible name, e.g. "More actions for Anna's post". */
  label: string;
  /** What the button shows; the label is its name either way. */
  button: ReactNode;
  buttonClassName?: string;
  entries: MenuEntry[];
  align?: 'start' | 'end';
}

/**
 * The ARIA menu button pattern: Enter/Space/ArrowDown open it on the first item, ArrowUp on the
 * last; arrows, Home and End move; Escape closes it and returns the focus to the button; Tab closes.
 */
export function MenuButton({ label, button, buttonClassName = 'btn-icon', entries, align = 'end' }: Props) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const focusOnOpen = useRef<'first' | 'last'>('first');
  const menuId = useId();
  const buttonId = useId();

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[data-menu-item]') ?? []);

  useEffect(() => {
    if (!open) return;
    const list = items();
    (focusOnOpen.current === 'first' ? list[0] : list[list.length - 1])?.focus();
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!menuRef.current?.contains(t) && !buttonRef.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      focusOnOpen.current = e.key === 'ArrowDown' ? 'first' : 'last';
      setOpen(true);
    }
  };

  const onMenuKey = (e: KeyboardEvent) => {
    const list = items();
    const i = list.indexOf(document.activeElement as HTMLElement);
    let next: HTMLElement | undefined;
    switch (e.key) {
      case 'ArrowDown':
        next = list[(i + 1) % list.length];
        break;
      case 'ArrowUp':
        next = list[(i - 1 + list.length) % list.length];
        break;
      case 'Home':
        next = list[0];
        break;
      case 'End':
        next = list[list.length - 1];
        break;
      case 'Escape':
        e.preventDefault();
        e.stopPropagation();
        close(true);
        return;
      case 'Tab':
        setOpen(false);
        return;
      default:
        if (e.key.length === 1 && /\S/.test(e.key)) {
          const ch = e.key.toLowerCase();
          const after = [...list.slice(i + 1), ...list.slice(0, i + 1)];
          next = after.find((el) => el.textContent?.trim().toLowerCase().startsWith(ch));
        }
    }
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };

  const select = (fn: () => void) => {
    close(true);
    fn();
  };

  const render = (entry: MenuEntry, key: number): ReactNode => {
    switch (entry.kind) {
      case 'separator':
        return <div key={key} role="separator" className="menu-separator" />;
      case 'group':
        return (
          <div key={key} role="group" aria-label={entry.label} className="menu-group">
            <div className="menu-group-label" aria-hidden="true">
              {entry.label}
            </div>
            {entry.entries.map(render)}
          </div>
        );
      case 'link':
        return (
          <Link key={key} to={entry.to} role="menuitem" tabIndex={-1} data-menu-item className="menu-item" onClick={() => setOpen(false)}>
            {entry.label}
          </Link>
        );
      case 'radio':
        return (
          <button
            key={key}
            type="button"
            role="menuitemradio"
            aria-checked={entry.checked}
            tabIndex={-1}
            data-menu-item
            lang={entry.lang}
            className="menu-item menu-item-radio"
            onClick={() => select(entry.onSelect)}
          >
            <span className="menu-check" aria-hidden="true">
              {entry.checked ? '✓' : ''}
            </span>
            {entry.label}
          </button>
        );
      case 'item':
        return (
          <button
            key={key}
            type="button"
            role="menuitem"
            tabIndex={-1}
            data-menu-item
            className={entry.danger ? 'menu-item menu-item-danger' : 'menu-item'}
            onClick={() => select(entry.onSelect)}
          >
            {entry.label}
          </button>
        );
    }
  };

  return (
    <div className="menu-wrap">
      <button
        ref={buttonRef}
        id={buttonId}
        type="button"
        className={buttonClassName}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={label}
        onClick={() => {
          focusOnOpen.current = 'first';
          setOpen((o) => !o);
        }}
        onKeyDown={onButtonKey}
      >
        {button}
      </button>
      {open && (
        <div ref={menuRef} id={menuId} role="menu" aria-labelledby={buttonId} className={`menu menu-${align}`} onKeyDown={onMenuKey}>
          {entries.map(render)}
        </div>
      )}
    </div>
  );
}
