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

/** The asker of a private group is told the owners' answer. */
export function joinAnswerMail(input: { to: string; groupName: string; approved: boolean; url: string }): Mail {
  const g = input.groupName;
  const text = input.approved
    ? `Your request to join "${g}" was approved: ${input.url}\nDeine Anfrage, "${g}" beizutreten, wurde angenommen: ${input.url}`
    : `Your request to join "${g}" was declined.\nDeine Anfrage, "${g}" beizutreten, wurde abgelehnt.`;
  const html = input.approved
    ? `<p>Your request to join <a href="${escape(input.url)}">${escape(g)}</a> was approved.</p><p lang="de">Deine Anfrage, <a href="${escape(input.url)}">${escape(g)}</a> beizutreten, wurde angenommen.</p>`
    : `<p>Your request to join <strong>${escape(g)}</strong> was declined.</p><p lang="de">Deine Anfrage, <strong>${escape(g)}</strong> beizutreten, wurde abgelehnt.</p>`;
  return { to: input.to, subject: input.approved ? `Welcome to ${g} / Willkommen` : `Your request to join ${g} / Deine Anfrage`, text, html };
}

/** A person from outside is invited into a customer group. */
export function guestInvitationMail(input: { to: string; orgName: string; groupName: string; inviterName: string; url: string; expiresAt: string }): Mail {
  const until = input.expiresAt.slice(0, 10);
  const text = [
    `${input.inviterName} (${input.orgName}) invites you to the group "${input.groupName}" on Atrium.`,
    `Accept here (the link works once, until ${until}):`,
    input.url,
    '',
    `${input.inviterName} (${input.orgName}) lädt dich in die Gruppe "${input.groupName}" auf Atrium ein.`,
    `Hier annehmen (der Link gilt einmal, bis ${until}):`,
    input.url,
  ].join('\n');
  const [n, o, g, u] = [input.inviterName, input.orgName, input.groupName, input.url].map(escape);
  const html = `<p>${n} (${o}) invites you to the group <strong>${g}</strong> on Atrium.</p>
<p><a href="${u}">Accept the invitation</a> (the link works once, until ${until}).</p>
<hr>
<p lang="de">${n} (${o}) lädt dich in die Gruppe <strong>${g}</strong> auf Atrium ein.</p>
<p lang="de"><a href="${u}">Einladung annehmen</a> (der Link gilt einmal, bis ${until}).</p>`;
  return { to: input.to, subject: `${input.inviterName} invites you to ${input.groupName} / lädt dich ein`, text, html };
}
