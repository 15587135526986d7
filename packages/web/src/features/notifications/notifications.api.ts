import type { Notification, Page } from '@atrium/contract';
import { api } from '../../lib/api-client';

export type { Notification };

/** Newest first. */
export const listNotifications = (cursor?: string) => api.get<Page<Notification>>('/notifications', { cursor });
export const getUnreadNotifications = () => api.get<{ unread: number }>('/notifications/unread');
/** Everything up to and including `upTo` is read; answers how many are still unread. */
export const markNotificationsRead = (upTo: string) => api.post<{ unread: number }>('/notifications/read', { upTo });
