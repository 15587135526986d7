import { useTranslation } from 'react-i18next';

interface Props {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  label?: string;
}

export function LoadMore({ hasMore, loading, onLoad, label }: Props) {
  const { t } = useTranslation();
  if (!hasMore) return null;
  return (
    <div className="load-more">
      <button type="button" className="btn btn-secondary" onClick={onLoad} disabled={loading} aria-busy={loading}>
        {loading ? t('common.loading') : (label ?? t('common.loadMore'))}
      </button>
    </div>
  );
}
