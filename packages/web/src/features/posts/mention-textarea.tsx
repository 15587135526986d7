import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/avatar';
import { tokenAt, useSuggestions, type Suggestion, type Token } from './use-suggestions';

interface Props {
  value: string;
  onChange: (value: string) => void;
  label: string;
  placeholder?: string;
  /** Ctrl/Cmd+Enter (and plain Enter with `enterSends`). */
  onSubmit?: () => void;
  /** Chat-style: Enter sends, Shift+Enter starts a new line. */
  enterSends?: boolean;
  onEscape?: () => void;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
  minRows?: number;
  textareaRef?: Ref<HTMLTextAreaElement>;
  className?: string;
}

/**
 * A textarea that grows with its text and offers @mention and #topic completions: the list is an
 * ARIA listbox driven from the textarea (aria-activedescendant), so the focus never leaves it.
 * ArrowUp/Down choose, Enter or Tab take, Escape dismisses.
 */
export function MentionTextarea(props: Props) {
  const { value, onChange, label, placeholder, onSubmit, onEscape, disabled, invalid, describedBy, minRows = 2, enterSends = false } = props;
  const { t } = useTranslation();
  const ref = useRef<HTMLTextAreaElement | null>(null);
  const id = useId();
  const listId = `${id}-list`;
  const [token, setToken] = useState<Token | null>(null);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const { items } = useSuggestions(token);
  const open = !!token && dismissedAt !== token.start && items.length > 0 && !disabled;
  const activeIndex = Math.min(active, Math.max(0, items.length - 1));

  // Grow with the text (and shrink back) without ever showing a scrollbar below ~60% of the screen.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    const border = el.offsetHeight - el.clientHeight;
    el.style.height = `${el.scrollHeight + border}px`;
  }, [value]);

  const refresh = (el: HTMLTextAreaElement) => {
    const next = el.selectionStart === el.selectionEnd ? tokenAt(el.value, el.selectionStart) : null;
    if (next?.start !== token?.start) setActive(0);
    const same = !!token && !!next && token.start === next.start && token.text === next.text && token.trigger === next.trigger;
    if (!same && (token || next)) setToken(next);
  };

  const take = (s: Suggestion) => {
    const el = ref.current;
    if (!el || !token) return;
    const caret = el.selectionStart;
    const next = value.slice(0, token.start) + s.insert + value.slice(caret);
    const pos = token.start + s.insert.length;
    onChange(next);
    setToken(null);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(pos, pos);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const d = e.key === 'ArrowDown' ? 1 : -1;
        setActive((activeIndex + d + items.length) % items.length);
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.metaKey) || (e.key === 'Tab' && !e.shiftKey)) {
        e.preventDefault();
        const s = items[activeIndex];
        if (s) take(s);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setDismissedAt(token!.start);
        return;
      }
    }
    const plainEnter = enterSends && !e.shiftKey && !e.altKey && !e.nativeEvent.isComposing;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey || plainEnter) && onSubmit) {
      e.preventDefault();
      onSubmit();
      return;
    }
    if (e.key === 'Escape' && onEscape) {
      e.preventDefault();
      e.stopPropagation();
      onEscape();
    }
  };

  const setRefs = (el: HTMLTextAreaElement | null) => {
    ref.current = el;
    const r = props.textareaRef;
    if (typeof r === 'function') r(el);
    else if (r) (r as { current: HTMLTextAreaElement | null }).current = el;
  };

  const optionId = (i: number) => `${id}-opt-${i}`;

  return (
    <div className={props.className ? `mention-field ${props.className}` : 'mention-field'}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <textarea
        ref={setRefs}
        id={id}
        className="input textarea-grow"
        value={value}
        placeholder={placeholder}
        rows={minRows}
        disabled={disabled}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? optionId(activeIndex) : undefined}
        onChange={(e) => {
          onChange(e.target.value);
          refresh(e.target);
        }}
        onSelect={(e) => refresh(e.currentTarget)}
        onBlur={() => setToken(null)}
        onKeyDown={onKeyDown}
      />
      {open && (
        <ul id={listId} role="listbox" aria-label={t('composer.suggestionsLabel')} className="suggestions">
          {items.map((s, i) => (
            <li
              key={s.key}
              id={optionId(i)}
              role="option"
              aria-selected={i === activeIndex}
              className="suggestion"
              onMouseDown={(e) => {
                // Keep the focus in the textarea.
                e.preventDefault();
                take(s);
              }}
              onMouseEnter={() => setActive(i)}
            >
              {s.avatar && <Avatar user={s.avatar} size="sm" />}
              <span className="suggestion-text">
                <span className="suggestion-label">
                  {s.label}
                  {s.external && <span className="badge">{t('people.external')}</span>}
                </span>
                {s.detail && <span className="suggestion-detail">{s.detail}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
      <span className="visually-hidden" role="status">
        {open ? t('composer.suggestionsCount', { count: items.length }) : ''}
      </span>
    </div>
  );
}
