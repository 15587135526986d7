import type { SessionResponse } from '@atrium/contract';
import { publicBaseUrl } from '../../config.js';
import { type AppContext, nowIso } from '../../context.js';
import type { Executor } from '../../db/schema.js';
import { conflict, forbidden, invalid, notFound, unauthenticated } from '../../lib/errors.js';
import { newId, randomToken } from '../../lib/ids.js';
import { guestInvitationMail, memberInvitationMail } from '../../mail/templates.js';
import { userPolicy } from '../../policies/users.policy.js';
import type { Actor } from '../auth/actor.js';
import { openSession, orgName } from '../auth/auth.service.js';
import { hashPassword } from '../auth/passwords.js';
import { hashToken } from '../auth/sessions.repo.js';
import { findUserByEmail, findUserById, updateUser } from '../people/users.repo.js';
import { insertNewUser } from '../people/users.service.js';
import { addMember as addGroupMember, findMember } from '../groups/groups.repo.js';
import { membershipChanged } from '../groups/membership-events.js';
import { writeTransaction } from '../../realtime/transaction.js';
import { loadGroup } from '../groups/groups.service.js';
import { groupPolicy } from '../../policies/groups.policy.js';
import { countWrite } from '../posts/posts.service.js';
import { verifyPassword } from '../auth/passwords.js';
import { presentOne } from '../people/users.service.js';

export interface IssuedInvitation {
  to: string;
  url: string;
  expiresAt: string;
  mail: () => Promise<void>;
}

/**
 * Issue a single-use invitation for a colleague who has no password yet, inside the caller's
 * transaction; earlier invitations for him stop working. Mail it with `mail()` after commit.
 */
export async function issueMemberInvitation(ctx: AppContext, tx: Executor, userId: string, inviter: Actor): Promise<IssuedInvitation> {
  const user = await findUserById(tx, userId);
  const by = await findUserById(tx, inviter.id);
  if (!user || !by) throw notFound('No such person');
  const token = randomToken();
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ctx.config.invitationDays * 86_400_000).toISOString();
  await tx.deleteFrom('invitations').where('user_id', '=', userId).where('accepted_at', 'is', null).execute();
  await tx
    .insertInto('invitations')
    .values({
      id: newId(),
      token_hash: hashToken(token),
      kind: 'member',
      email: user.email,
      user_id: userId,
      inviter_id: inviter.id,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      accepted_at: null,
    })
    .execute();
  const url = `${publicBaseUrl(ctx.config)}/invitations/${token}`;
  const org = (await orgName(tx)) ?? 'Atrium';
  return {
    to: user.email,
    url,
    expiresAt,
    mail: async () => {
      try {
        await ctx.mailer.send(memberInvitationMail({ to: user.email, orgName: org, inviterName: by.name, url, expiresAt }));
      } catch (err) {
        // The account and its invitation stand; an admin can send it again.
        ctx.log.error({ err, to: user.email }, 'invitation mail failed');
      }
    },
  };
}

/** Admins send a fresh invitation to someone who has not chosen a password yet. */
export async function resendMemberInvitation(ctx: AppContext, actor: Actor, userId: string): Promise<{ expiresAt: string }> {
  if (!userPolicy.create(actor)) throw forbidden('Only admins invite people');
  const issued = await ctx.db.transaction().execute(async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user || user.status !== 'active') throw notFound('No such person');
    if (user.password_hash) throw forbidden('This person has already chosen a password');
    return issueMemberInvitation(ctx, tx, userId, actor);
  });
  await issued.mail();
  return { expiresAt: issued.expiresAt };
}

const gone = () => notFound('This invitation is not valid (any more)');

/**
 * A live invitation by its token, with the person it is for (null: a guest who has no account yet)
 * and, for a guest invitation, its group. Used, expired and unknown tokens are the same 404, and so
 * is a guest invitation whose inviter may no longer invite into that group (SECURITY.md #6).
 */
async function liveInvitation(ctx: AppContext, db: Executor, token: string) {
  const row = await db.selectFrom('invitations').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!row || row.accepted_at !== null || row.expires_at <= nowIso(ctx)) throw gone();
  const user = row.user_id ? await findUserById(db, row.user_id) : await findUserByEmail(db, row.email);
  if (user && user.status !== 'active') throw gone();
  if (row.kind === 'member') {
    if (!user || user.id !== row.user_id) throw gone();
    return { row, user, group: null };
  }
  // A guest invitation: into a customer group, by someone who still leads it.
  if (user && user.kind !== 'guest') throw gone();
  const inviter = row.inviter_id ? await findUserById(db, row.inviter_id) : undefined;
  if (!inviter || inviter.status !== 'active' || !row.group_id) throw gone();
  const group = await loadGroup(db, inviter, row.group_id).catch(() => null);
  if (!group || !groupPolicy.invite(inviter, group.target)) throw gone();
  return { row, user: user ?? null, group: group.row };
}

export async function describeInvitation(ctx: AppContext, token: string, ip: string) {
  ctx.limiter.hit(`invitation:ip:${ip}`, ctx.config.loginLimitPerIp, ctx.config.loginWindowMs);
  const { row, user, group } = await liveInvitation(ctx, ctx.db, token);
  return {
    kind: row.kind,
    email: row.email,
    name: user?.name ?? '',
    orgName: (await orgName(ctx.db)) ?? '',
    expiresAt: row.expires_at,
    group: group ? { id: group.id, name: group.name } : null,
    existingAccount: row.kind === 'guest' && user !== null,
  };
}

/**
 * Redeem an invitation. A colleague chooses his password; a person from outside becomes a guest
 * (or, already a guest, proves it with his password) and joins the group. Single use, even when
 * two redemptions race: only the one that flips `accepted_at` goes on.
 */
export async function acceptInvitation(
  ctx: AppContext,
  token: string,
  input: { name?: string; password: string },
  ip: string,
): Promise<SessionResponse> {
  // Redemptions are rate-limited like logins (SECURITY.md #21).
  ctx.limiter.hit(`invitation:ip:${ip}`, ctx.config.loginLimitPerIp, ctx.config.loginWindowMs);
  const preview = await liveInvitation(ctx, ctx.db, token);
  const existingGuest = preview.row.kind === 'guest' && preview.user !== null;
  if (existingGuest) {
    // Password tries count per account as on the sign-in page (SECURITY.md #21).
    const accountKey = `login:account:${preview.user!.email}`;
    ctx.limiter.check(accountKey, ctx.config.loginLimitPerAccount, ctx.config.loginWindowMs);
    if (!(await verifyPassword(preview.user!.password_hash, input.password))) {
      ctx.limiter.hit(accountKey, ctx.config.loginLimitPerAccount, ctx.config.loginWindowMs);
      throw unauthenticated('Wrong password for this account');
    }
  }
  if (preview.row.kind === 'guest' && !existingGuest && !input.name) throw invalid('name', 'Tell us your name');
  const passwordHash = existingGuest ? null : await hashPassword(input.password);
  return writeTransaction(ctx, async (tx, emit) => {
    const { row, user, group } = await liveInvitation(ctx, tx, token);
    const flipped = await tx
      .updateTable('invitations')
      .set({ accepted_at: nowIso(ctx) })
      .where('id', '=', row.id)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    if (Number(flipped.numUpdatedRows) !== 1) throw gone();
    let userId: string;
    if (row.kind === 'member') {
      userId = user!.id;
      await updateUser(tx, userId, { password_hash: passwordHash, ...(input.name ? { name: input.name } : {}), updated_at: nowIso(ctx) });
    } else {
      userId = user
        ? user.id
        : (await insertNewUser(ctx, tx, { email: row.email, name: input.name!, role: 'member', kind: 'guest', passwordHash: passwordHash! })).id;
      await tx.updateTable('invitations').set({ user_id: userId }).where('id', '=', row.id).execute();
      await addGroupMember(tx, { group_id: group!.id, user_id: userId, role: 'member', created_at: nowIso(ctx) });
      emit(membershipChanged(group!.id, userId, 'member'));
    }
    const session = await openSession(ctx, tx, userId);
    const fresh = (await findUserById(tx, userId))!;
    return { user: await presentOne(tx, fresh, fresh), ...session };
  });
}

/**
 * Invite a person from outside into a customer group (owners, managers, admins). Colleagues are
 * added as members instead; a guest who already has an account joins one more group.
 */
export async function inviteGuest(ctx: AppContext, actor: Actor, groupId: string, input: { email: string }) {
  countWrite(ctx, actor);
  const email = input.email.toLowerCase();
  const issued = await ctx.db.transaction().execute(async (tx) => {
    const group = await loadGroup(tx, actor, groupId);
    if (!groupPolicy.invite(actor, group.target)) {
      throw forbidden(group.target.customer ? 'Only the group’s owners and managers invite' : 'Only customer groups take people from outside');
    }
    const existing = await findUserByEmail(tx, email);
    if (existing && existing.kind !== 'guest') throw conflict('This is a colleague: add them as a member instead', { email: 'colleague' });
    if (existing && existing.status !== 'active') throw conflict('This account is deactivated', { email: 'deactivated' });
    if (existing && (await findMember(tx, groupId, existing.id))) throw conflict('Already a member of this group', { email: 'member' });
    const token = randomToken();
    const now = ctx.clock.now();
    const expiresAt = new Date(now.getTime() + ctx.config.invitationDays * 86_400_000).toISOString();
    const id = newId();
    await tx
      .insertInto('invitations')
      .values({
        id,
        token_hash: hashToken(token),
        kind: 'guest',
        email,
        user_id: existing?.id ?? null,
        inviter_id: actor.id,
        group_id: groupId,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        accepted_at: null,
      })
      .execute();
    const inviter = (await findUserById(tx, actor.id))!;
    const url = `${publicBaseUrl(ctx.config)}/invitations/${token}`;
    const mail = guestInvitationMail({ to: email, orgName: (await orgName(tx)) ?? 'Atrium', groupName: group.row.name, inviterName: inviter.name, url, expiresAt });
    return { invitation: { id, email, url, expiresAt }, mail };
  });
  await ctx.mailer.send(issued.mail).catch((err: unknown) => ctx.log.error({ err, to: email }, 'guest invitation mail failed'));
  return issued.invitation;
}
