import { forwardRef, type MouseEvent } from 'react';
import { useNavigate } from 'react-router';

interface Props {
  /** Server-rendered, server-sanitized HTML (a post's or comment's `html`); nothing else goes here. */
  html: string;
  className?: string;
  id?: string;
}

/** Renders `html` and sends clicks on in-app links (mentions, topics, permalinks) through the router. */
export const RichHtml = forwardRef<HTMLDivElement, Props>(function RichHtml({ html, className, id }, ref) {
  const navigate = useNavigate();
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element).closest?.('a');
    if (!a || !e.currentTarget.contains(a) || a.target === '_blank' || a.hasAttribute('download')) return;
    const url = new URL(a.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
    e.preventDefault();
    void navigate(url.pathname + url.search + url.hash);
  };
  return (
    <div
      ref={ref}
      id={id}
      className={className ? `prose ${className}` : 'prose'}
      onClick={onClick}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
});
