import { useCallback, type ReactNode } from 'react';
import { consumePageFocus } from '../lib/focus';
import { useDocumentTitle } from '../lib/use-document-title';

interface Props {
  children: ReactNode;
  /** The document title; defaults to the heading when it is plain text. */
  title?: string;
  className?: string;
  visuallyHidden?: boolean;
  id?: string;
}

/** The page's one h1. It takes focus after an in-app navigation and sets the document title. */
export function PageHeading({ children, title, className, visuallyHidden, id }: Props) {
  useDocumentTitle(title ?? (typeof children === 'string' ? children : null));
  const ref = useCallback((el: HTMLHeadingElement | null) => consumePageFocus(el), []);
  const cls = [className, visuallyHidden ? 'visually-hidden' : 'page-title'].filter(Boolean).join(' ');
  return (
    <h1 ref={ref} id={id} tabIndex={-1} className={cls}>
      {children}
    </h1>
  );
}
