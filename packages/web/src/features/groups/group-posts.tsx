import { useTranslation } from 'react-i18next';
import { AnnouncementList } from '../announcements/announcement-list';
import { Composer } from '../posts/composer';
import { PostList } from '../posts/post-list';
import { getGroupPosts } from '../posts/posts.api';
import { postKeys } from '../posts/posts.cache';
import { usePostList } from '../posts/use-post-list';
import type { Group } from './groups.api';

/** The group's announcements, its composer (members, while not archived) and its feed. */
export function GroupPosts({ group }: { group: Group }) {
  const { t } = useTranslation();
  const posts = usePostList(postKeys.group(group.id), (c) => getGroupPosts(group.id, c));
  const canPost = group.myRole !== null && !group.archived;
  return (
    <div className="stack">
      <AnnouncementList groupId={group.id} />
      {canPost && <Composer group={group} />}
      {!canPost && !group.archived && <p className="muted">{t('groups.joinToPost')}</p>}
      <PostList
        query={posts}
        live={{ key: postKeys.group(group.id), fetchPage: (c) => getGroupPosts(group.id, c), matches: (p) => p.groupId === group.id }}
        hideGroup
        empty={<p className="muted">{canPost ? t('groups.postsEmptyMember') : t('groups.postsEmpty')}</p>}
      />
    </div>
  );
}
