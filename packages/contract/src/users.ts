import { z } from 'zod';
import { DateOnly, Id, PageQuery, Timestamp, page } from './common.js';
import { LIMITS } from './limits.js';

export const Role = z.enum(['admin', 'member']);
export type Role = z.infer<typeof Role>;
export const UserKind = z.enum(['member', 'guest']);
export const UserStatus = z.enum(['active', 'deactivated']);
export const Locale = z.enum(['en', 'de']);

const trimmed = (max: number) => z.string().trim().max(max);
export const Handle = z
  .string()
  .trim()
  .min(2)
  .max(LIMITS.handle)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only');
export const Email = z.email().max(LIMITS.email);
export const Password = z.string().min(LIMITS.password.min).max(LIMITS.password.max);

export const Experience = z.object({
  title: trimmed(LIMITS.shortField).min(1),
  organization: trimmed(LIMITS.shortField).default(''),
  from: DateOnly.nullable().default(null),
  to: DateOnly.nullable().default(null),
  description: trimmed(LIMITS.experienceDescription).default(''),
});
export type Experience = z.infer<typeof Experience>;

/** A real calendar date (no 2021-02-30), as the YYYY-MM-DD strings of `DateOnly`. */
const CalendarDate = z.iso.date('expected a date YYYY-MM-DD');

/** What a client may send: real dates, and no job that ends before it starts. */
export const ExperienceInput = Experience.extend({
  from: CalendarDate.nullable().default(null),
  to: CalendarDate.nullable().default(null),
}).refine((e) => e.from === null || e.to === null || e.from <= e.to, { message: 'must not be before from', path: ['to'] });

/** The small form of a person, embedded in posts, comments and lists. */
export const UserSummary = z.object({
  id: Id,
  handle: z.string(),
  name: z.string(),
  title: z.string(),
  department: z.string(),
  avatarUrl: z.string().nullable(),
  kind: UserKind,
});
export type UserSummary = z.infer<typeof UserSummary>;

export const User = UserSummary.extend({
  email: z.string(),
  location: z.string(),
  phone: z.string(),
  about: z.string(),
  managerId: Id.nullable(),
  skills: z.array(z.string()),
  experience: z.array(Experience),
  role: Role,
  status: UserStatus,
  locale: Locale.nullable(),
  followersCount: z.number().int(),
  followingCount: z.number().int(),
  isFollowing: z.boolean(),
  createdAt: Timestamp,
});
export type User = z.infer<typeof User>;
export const UserEnvelope = z.object({ user: User });

export const UserCreate = z.object({
  email: Email,
  name: trimmed(LIMITS.name).min(1),
  handle: Handle.optional(),
  password: Password.optional(),
  role: Role.default('member'),
  title: trimmed(LIMITS.shortField).optional(),
  department: trimmed(LIMITS.shortField).optional(),
  managerId: Id.nullable().optional(),
});
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = z
  .object({
    name: trimmed(LIMITS.name).min(1),
    handle: Handle,
    title: trimmed(LIMITS.shortField),
    department: trimmed(LIMITS.shortField),
    location: trimmed(LIMITS.shortField),
    phone: trimmed(LIMITS.shortField),
    about: trimmed(LIMITS.about),
    skills: z.array(trimmed(LIMITS.skill).min(1)).max(LIMITS.skills),
    experience: z.array(ExperienceInput).max(LIMITS.experience),
    managerId: Id.nullable(),
    locale: Locale.nullable(),
    /** Admins only. */
    role: Role,
    /** Admins only. */
    status: UserStatus,
  })
  .partial()
  .strict();
export type UserUpdate = z.infer<typeof UserUpdate>;

export const DirectoryQuery = PageQuery.extend({
  q: z.string().trim().max(LIMITS.searchQuery).optional(),
  department: z.string().trim().max(LIMITS.shortField).optional(),
  /** `deactivated` lists deactivated people instead: admins only. */
  status: UserStatus.default('active'),
});
export const UserPage = page(User);
export const UserSummaryPage = page(UserSummary);

/** The org chart: every active person with his manager link, for the client to lay out. */
export const OrgChartNode = UserSummary.extend({ managerId: Id.nullable() });
export type OrgChartNode = z.infer<typeof OrgChartNode>;
export const OrgChart = z.object({ items: z.array(OrgChartNode) });
