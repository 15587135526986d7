import { ListSkeleton, SkeletonBlock } from './skeleton';

/** While a route's code loads: a title bar and a few cards. */
export function PageSkeleton() {
  return (
    <div className="page stack">
      <SkeletonBlock width="12rem" height="2rem" />
      <ListSkeleton count={2} />
    </div>
  );
}
