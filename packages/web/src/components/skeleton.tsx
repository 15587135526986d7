import { useTranslation } from 'react-i18next';

/** Grey blocks in the shape of what is coming; announced once as "Loading…". */
export function SkeletonBlock({ width = '100%', height = '1em', round = false }: { width?: string; height?: string; round?: boolean }) {
  return <span className={round ? 'skeleton skeleton-round' : 'skeleton'} style={{ width, height }} aria-hidden="true" />;
}

export function PostSkeleton() {
  return (
    <div className="card post-skeleton" aria-hidden="true">
      <div className="post-head">
        <SkeletonBlock width="2.75rem" height="2.75rem" round />
        <div className="stack-xs grow">
          <SkeletonBlock width="40%" />
          <SkeletonBlock width="25%" height="0.8em" />
        </div>
      </div>
      <div className="stack-xs">
        <SkeletonBlock />
        <SkeletonBlock width="92%" />
        <SkeletonBlock width="60%" />
      </div>
    </div>
  );
}

export function ListSkeleton({ count = 3, kind = 'post' }: { count?: number; kind?: 'post' | 'person' | 'line' }) {
  const { t } = useTranslation();
  return (
    <div className="stack" role="status">
      <span className="visually-hidden">{t('common.loading')}</span>
      {Array.from({ length: count }, (_, i) =>
        kind === 'post' ? (
          <PostSkeleton key={i} />
        ) : kind === 'person' ? (
          <div key={i} className="card person-card" aria-hidden="true">
            <SkeletonBlock width="3.5rem" height="3.5rem" round />
            <div className="stack-xs grow">
              <SkeletonBlock width="50%" />
              <SkeletonBlock width="70%" height="0.8em" />
            </div>
          </div>
        ) : (
          <SkeletonBlock key={i} width={`${90 - i * 12}%`} />
        ),
      )}
    </div>
  );
}

/** Loading rows of "avatar + two lines" (conversations, notifications): `rowClassName` lays a row out like the real one. */
export function AvatarRowsSkeleton({ rowClassName, avatar, className, widths = ['60%', '85%'] }: { rowClassName: string; avatar: string; className?: string; widths?: [string, string] }) {
  const { t } = useTranslation();
  return (
    <div className={className} role="status">
      <span className="visually-hidden">{t('common.loading')}</span>
      {[0, 1, 2].map((i) => (
        <div key={i} className={rowClassName} aria-hidden="true">
          <SkeletonBlock width={avatar} height={avatar} round />
          <span className="stack-xs grow">
            <SkeletonBlock width={widths[0]} />
            <SkeletonBlock width={widths[1]} height="0.8em" />
          </span>
        </div>
      ))}
    </div>
  );
}
