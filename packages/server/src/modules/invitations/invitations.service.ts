import type { SessionResponse } from '@atrium/contract';
import { publicBaseUrl } from '../../config.js';
import { type AppContext, nowIso } from '../../context.js';
import type { Executor } from '../../db/schema.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { newId, randomToken } from '../../lib/ids.js';
import { memberInvitationMail } from '../../mail/templates.js';
import { userPolicy } from '../../policies/users.policy.js';
import type { Actor } from '../auth/actor.js';
import { openSession, orgName } from '../auth/auth.service.js';
import { hashPassword } from '../auth/passwords.js';
import { hashToken } from '../auth/sessions.repo.js';
import { findUserById, updateUser } from '../people/users.repo.js';
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

/** A live invitation by its token; used, expired and unknown ones are the same 404. */
async function liveInvitation(ctx: AppContext, db: Executor, token: string) {
  const row = await db.selectFrom('invitations').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!row || row.accepted_at !== null || row.expires_at <= nowIso(ctx)) throw notFound('This invitation is not valid (any more)');
  const user = row.user_id ? await findUserById(db, row.user_id) : undefined;
  if (!user || user.status !== 'active') throw notFound('This invitation is not valid (any more)');
  return { row, user };
}

export async function describeInvitation(ctx: AppContext, token: string, ip: string) {
  ctx.limiter.hit(`invitation:ip:${ip}`, ctx.config.loginLimitPerIp, ctx.config.loginWindowMs);
  const { row, user } = await liveInvitation(ctx, ctx.db, token);
  return { kind: row.kind, email: row.email, name: user.name, orgName: (await orgName(ctx.db)) ?? '', expiresAt: row.expires_at };
}

export async function acceptInvitation(
  ctx: AppContext,
  token: string,
  input: { name?: string; password: string },
  ip: string,
): Promise<SessionResponse> {
  // Redemptions are rate-limited like logins (SECURITY.md #21).
  ctx.limiter.hit(`invitation:ip:${ip}`, ctx.config.loginLimitPerIp, ctx.config.loginWindowMs);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (tx) => {
    const { row, user } = await liveInvitation(ctx, tx, token);
    // Single use even under a race: only the request that flips accepted_at goes on.
    const flipped = await tx
      .updateTable('invitations')
      .set({ accepted_at: nowIso(ctx) })
      .where('id', '=', row.id)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    if (Number(flipped.numUpdatedRows) !== 1) throw notFound('This invitation is not valid (any more)');
    await updateUser(tx, user.id, { password_hash: passwordHash, ...(input.name ? { name: input.name } : {}), updated_at: nowIso(ctx) });
    const session = await openSession(ctx, tx, user.id);
    return { user: await presentOne(tx, (await findUserById(tx, user.id))!, user.id), ...session };
  });
}
