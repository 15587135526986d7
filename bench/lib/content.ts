import { parseText, renderText } from '../../packages/server/src/lib/text.js';

/**
 * Post and comment templates. `{mention}` becomes a colleague's handle, `{topic}` a topic.
 * Each template is parsed and rendered ONCE with stand-ins, and the stand-ins are replaced per post:
 * rendering a million posts through markdown-it and sanitize-html would take most of the budget.
 */
export const POST_TEMPLATES = [
  'Finished the migration of the billing service today. Query times dropped by a third. Thanks @{mention} for the review! #{topic}',
  'Working on the new onboarding checklist. Anyone who started in the last six months: what did you miss in your first week? #{topic}',
  'We signed the framework contract with the city! Three years, all depots. Huge win for the whole team.',
  'Reminder: the fire drill at the Hamburg site is on Thursday at 10:00. Please follow the wardens. #{topic}',
  'Read a great piece on writing post-mortems without blame. The gist:\n\n- describe what happened, not who\n- ask what made the mistake easy\n- fix the system\n\n#{topic}',
  'Our planning doc is up. Comments welcome until Friday, @{mention} and I will merge them next week.',
  'Small win: the packing station now has the labels on the left, which saved each shift about 20 minutes. #{topic}',
  'We are hiring two support specialists for the Lisbon office. Know someone good? Send them my way.',
  'Customer visit today: they love the new dashboard and want an export to CSV. Logged it for product. #{topic}',
  'Please update your laptops this week: the new OS patch fixes a serious Wi-Fi issue.',
  'Pair-programmed with @{mention} on the search ranking. **Prefix matching** is in, stemming comes next. #{topic}',
  'Thanks to everybody who came to the summer party! Photos are in the shared folder.',
  'First week done. Everyone has been so welcoming, thank you! Still learning where the good coffee is.',
  'The new scanner firmware is rolled out in Munich. Report any hiccups to me directly, or to @{mention}.',
  'Draft of the customer newsletter is ready for review. Highlights: the mobile app, the new API and our certification. #{topic}',
  'Quarterly numbers are in. Short version: we are ahead of plan in the north and behind in the south. Details in the deck.',
] as const;

export const COMMENT_TEMPLATES = [
  'Great work, thank you!',
  'Congratulations, well deserved.',
  'Can we talk about this in our 1:1 on Monday?',
  'I can help with that, ping me.',
  'Love it 👏',
  'Do we have numbers for the other sites too?',
  'Added two points to the doc.',
  'Finally! This was long overdue.',
] as const;

export const TOPICS = [
  'launch', 'hiring', 'security', 'customers', 'safety', 'kaizen', 'onboarding', 'q3', 'wins', 'learning',
  'engineering', 'design', 'sales', 'support', 'finance', 'people', 'operations', 'berlin', 'hamburg', 'munich',
  'vienna', 'lisbon', 'remote', 'offsite', 'release', 'incident', 'roadmap', 'okr', 'diversity', 'health',
  'sustainability', 'mobile', 'api', 'data', 'ai', 'quality', 'procurement', 'logistics', 'events', 'random',
] as const;

// Stand-ins no real handle, id or topic can contain or be confused with.
const HANDLE = 'zzbenchhandlezz';
const ID = 'ZZBENCHIDZZ';
const TOPIC = 'zzbenchtopiczz';

export interface Template {
  hasMention: boolean;
  hasTopic: boolean;
  fill(mention: { id: string; handle: string } | null, topic: string | null): { body: string; html: string };
}

export function compile(source: string): Template {
  const hasMention = source.includes('{mention}');
  const hasTopic = source.includes('{topic}');
  const body = source.replaceAll('{mention}', HANDLE).replaceAll('{topic}', TOPIC);
  const html = renderText(parseText(body), new Map([[HANDLE, ID]]));
  return {
    hasMention,
    hasTopic,
    fill(mention, topic) {
      let b = body;
      let h = html;
      if (mention) {
        b = b.replaceAll(HANDLE, mention.handle);
        h = h.replaceAll(ID, mention.id).replaceAll(HANDLE, mention.handle);
      }
      if (topic) {
        b = b.replaceAll(TOPIC, topic);
        h = h.replaceAll(TOPIC, topic);
      }
      return { body: b, html: h };
    },
  };
}

/** The stand-in trick must give exactly what the server would store: checked once per template. */
export function checkTemplate(t: Template, mention: { id: string; handle: string }, topic: string) {
  const { body, html } = t.fill(t.hasMention ? mention : null, t.hasTopic ? topic : null);
  const direct = renderText(parseText(body), new Map([[mention.handle, mention.id]]));
  if (direct !== html) throw new Error(`template renders differently when filled:\n${html}\n${direct}`);
}
