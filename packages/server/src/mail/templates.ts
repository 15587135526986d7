import type { Mail } from './mailer.js';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The invitation to a new colleague, in English and German (we do not know his language yet).
 * Every value from users is escaped: names can carry markup (SECURITY.md #13).
 */
export function memberInvitationMail(input: { to: string; orgName: string; inviterName: string; url: string; expiresAt: string }): Mail {
  const until = input.expiresAt.slice(0, 10);
  const text = [
    `${input.inviterName} invites you to ${input.orgName} on Atrium.`,
    `Choose your password here (the link works once, until ${until}):`,
    input.url,
    '',
    `${input.inviterName} lädt dich zu ${input.orgName} auf Atrium ein.`,
    `Wähle hier dein Passwort (der Link gilt einmal, bis ${until}):`,
    input.url,
  ].join('\n');
  const o = escape(input.orgName);
  const n = escape(input.inviterName);
  const u = escape(input.url);
  const html = `<p>${n} invites you to <strong>${o}</strong> on Atrium.</p>
<p><a href="${u}">Choose your password</a> (the link works once, until ${until}).</p>
<hr>
<p lang="de">${n} lädt dich zu <strong>${o}</strong> auf Atrium ein.</p>
<p lang="de"><a href="${u}">Passwort wählen</a> (der Link gilt einmal, bis ${until}).</p>`;
  return { to: input.to, subject: `${input.inviterName} invites you to ${input.orgName} / lädt dich ein`, text, html };
}
