import { useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RichHtml } from '../../components/rich-html';

/** A post's rendered body; long ones fold after about 12 lines behind "Show more". */
export function PostBody({ html, fold }: { html: string; fold: boolean }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  const [overflows, setOverflows] = useState(false);
  const [expanded, setExpanded] = useState(false);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!fold || !el) return;
    const measure = () => setOverflows(el.scrollHeight > el.clientHeight + 4);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [html, fold]);

  const folded = fold && !expanded;
  return (
    <>
      <RichHtml ref={ref} id={id} html={html} className={folded ? (overflows ? 'post-body is-folded has-more' : 'post-body is-folded') : 'post-body'} />
      {fold && (overflows || expanded) && (
        <button
          type="button"
          className="btn-link show-more"
          aria-expanded={expanded}
          aria-controls={id}
          onClick={() => setExpanded((x) => !x)}
        >
          {expanded ? t('posts.showLess') : t('posts.showMore')}
        </button>
      )}
    </>
  );
}
