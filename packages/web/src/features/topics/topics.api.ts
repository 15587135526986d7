import { api, seg } from '../../lib/api-client';

export interface Topic {
  name: string;
  postsCount: number;
  followersCount: number;
  isFollowing: boolean;
}
export const topicKey = (name: string) => ['topic', name.toLowerCase()] as const;
export const getTopic = (name: string) => api.get<{ topic: Topic }>(`/topics/${seg(name)}`).then((r) => r.topic);
export const followTopic = (name: string, on: boolean) =>
  on ? api.post<unknown>(`/topics/${seg(name)}/follow`) : api.delete<unknown>(`/topics/${seg(name)}/follow`);
