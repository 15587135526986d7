import type { Comment, Page, Post } from '@atrium/contract';
import { api, seg } from '../../lib/api-client';

export type Reactions = { reactions: Record<string, number>; myReactions: string[] };

export const getFeed = (cursor?: string) => api.get<Page<Post>>('/feed', { cursor });
export const getWall = (userId: string, cursor?: string) => api.get<Page<Post>>(`/users/${seg(userId)}/posts`, { cursor });
export const getTopicPosts = (name: string, cursor?: string) =>
  api.get<Page<Post>>(`/topics/${seg(name)}/posts`, { cursor });
export const getGroupPosts = (groupId: string, cursor?: string) =>
  api.get<Page<Post>>(`/groups/${seg(groupId)}/posts`, { cursor });

export const getPost = (id: string) => api.get<{ post: Post }>(`/posts/${seg(id)}`).then((r) => r.post);
export interface NewPost {
  body: string;
  wallUserId?: string;
  groupId?: string;
  announcement?: boolean;
  /** ISO datetime; only with `announcement`. */
  announcementExpiresAt?: string;
}
export const createPost = (input: NewPost) =>
  api.post<{ post: Post }>('/posts', input).then((r) => r.post);
export const updatePost = (id: string, body: string) =>
  api.patch<{ post: Post }>(`/posts/${seg(id)}`, { body }).then((r) => r.post);
export const deletePost = (id: string) => api.delete(`/posts/${seg(id)}`);

export const setReaction = (id: string, kind: string, on: boolean) =>
  on
    ? api.put<Reactions>(`/posts/${seg(id)}/reactions/${seg(kind)}`)
    : api.delete<Reactions>(`/posts/${seg(id)}/reactions/${seg(kind)}`);

export const getComments = (postId: string, cursor?: string, limit?: number) =>
  api.get<Page<Comment>>(`/posts/${seg(postId)}/comments`, { cursor, limit });
export const createComment = (postId: string, body: string) =>
  api.post<{ comment: Comment }>(`/posts/${seg(postId)}/comments`, { body }).then((r) => r.comment);
export const updateComment = (id: string, body: string) =>
  api.patch<{ comment: Comment }>(`/comments/${seg(id)}`, { body }).then((r) => r.comment);
export const deleteComment = (id: string) => api.delete(`/comments/${seg(id)}`);

/** Announcements standing at the top of the caller's feed (company-wide and his groups'). */
export const getAnnouncements = () => api.get<{ items: Post[] }>('/announcements');
export const dismissAnnouncement = (postId: string) => api.post<void>(`/announcements/${seg(postId)}/dismiss`);
