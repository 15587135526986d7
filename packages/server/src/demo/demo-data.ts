/** The demo company's raw material: deterministic, invented, no real people. */
export const FIRST_NAMES = [
  'Anna', 'Ben', 'Clara', 'David', 'Elif', 'Felix', 'Greta', 'Hannes', 'Ines', 'Jonas', 'Katrin', 'Lukas', 'Mara', 'Nils',
  'Olga', 'Paul', 'Quentin', 'Rosa', 'Sven', 'Tara', 'Ulrich', 'Vera', 'Wim', 'Xenia', 'Yusuf', 'Zoe', 'Amir', 'Birte',
  'Carlos', 'Dana', 'Emil', 'Fatma', 'Georg', 'Hanna', 'Igor', 'Julia', 'Karl', 'Lena', 'Mats', 'Nora', 'Oskar', 'Petra',
  'Rafael', 'Sofia', 'Timo', 'Ute', 'Viktor', 'Wiebke', 'Yara', 'Zeynep',
];
export const LAST_NAMES = [
  'Schmidt', 'Okafor', 'Meyer', 'Nguyen', 'Weber', 'Kowalski', 'Fischer', 'Rossi', 'Wagner', 'Yilmaz', 'Becker', 'Hansen',
  'Schulz', 'Dubois', 'Hoffmann', 'Novak', 'Koch', 'Silva', 'Richter', 'Larsen', 'Wolf', 'Kaya', 'Braun', 'Costa', 'Lange',
];
export const DEPARTMENTS: { name: string; titles: string[]; skills: string[] }[] = [
  { name: 'Engineering', titles: ['Software Engineer', 'Senior Software Engineer', 'Site Reliability Engineer', 'QA Engineer'], skills: ['TypeScript', 'PostgreSQL', 'Kubernetes', 'React', 'Go', 'Testing'] },
  { name: 'Product', titles: ['Product Manager', 'Product Designer', 'UX Researcher'], skills: ['Roadmaps', 'User research', 'Figma', 'Accessibility'] },
  { name: 'Sales', titles: ['Account Executive', 'Sales Engineer', 'Key Account Manager'], skills: ['Negotiation', 'CRM', 'Public tenders', 'French'] },
  { name: 'Customer Success', titles: ['Customer Success Manager', 'Support Specialist', 'Onboarding Lead'], skills: ['Training', 'Zendesk', 'German', 'Spanish'] },
  { name: 'Operations', titles: ['Plant Manager', 'Logistics Coordinator', 'Procurement Specialist'], skills: ['SAP', 'Lean', 'Six Sigma', 'Forklift licence'] },
  { name: 'People', titles: ['HR Business Partner', 'Recruiter', 'Learning Specialist'], skills: ['Interviewing', 'Labour law', 'Coaching'] },
  { name: 'Finance', titles: ['Controller', 'Accountant', 'Financial Analyst'], skills: ['Excel', 'IFRS', 'Forecasting'] },
];
export const LOCATIONS = ['Berlin', 'Hamburg', 'Munich', 'Vienna', 'Zurich', 'Lisbon', 'Remote'];
export const TOPICS = ['launch', 'hiring', 'security', 'customers', 'safety', 'kaizen', 'onboarding', 'q3', 'wins', 'learning'];
export const POSTS = [
  'Finished the migration of the billing service to #PostgreSQL 16 today. Query times dropped by a third. Thanks @{colleague} for the review!',
  'Working on the new onboarding checklist for #onboarding. Anyone who started in the last six months: what did you miss in your first week?',
  'We signed the framework contract with the city of Leipzig! Three years, all depots. Huge #wins for the whole team.',
  'Reminder: the fire drill at the Hamburg site is on Thursday at 10:00. Please follow the wardens. #safety',
  'Read a great piece on writing post-mortems without blame. The gist:\n\n- describe what happened, not who\n- ask what made the mistake easy\n- fix the system\n\n#learning',
  'Our #q3 planning doc is up. Comments welcome until Friday, @{colleague} and I will merge them next week.',
  'Small #kaizen win: the packing station now has the labels on the left, which saved each shift about 20 minutes.',
  'We are #hiring two support specialists for the Lisbon office. Know someone good? Send them my way.',
  'Customer visit at Nordwerk today: they love the new dashboard, want an export to CSV. Logged it for product. #customers',
  'Please update your laptops this week: the new OS patch fixes a serious Wi-Fi issue. #security',
  'Pair-programmed with @{colleague} on the search ranking. **Prefix matching** is in, stemming comes next. #launch',
  'Thanks to everybody who came to the summer party! Photos are in the shared folder.',
  'First week at the company done. Everyone has been so welcoming, thank you! Still learning where the good coffee is.',
  'The new warehouse scanner firmware is rolled out in Munich. Report any hiccups to me directly. #kaizen',
  'Draft of the customer newsletter is ready for review. Highlights: the mobile app, the new API, and our #security certification.',
];
export const COMMENTS = [
  'Great work, thank you!',
  'Congratulations, well deserved.',
  'Can we talk about this in our 1:1 on Monday?',
  'I can help with that, ping me.',
  'Love it 👏',
  'Do we have numbers for the other sites too?',
  'Added two points to the doc.',
  'Finally! This was long overdue.',
];
export const ABOUT = [
  'I keep our systems running and our pager quiet. Ask me about incident reviews.',
  'Ten years in the industry, still curious. Outside work: cycling and sourdough.',
  'I make sure our customers get value from day one.',
  'Happy to help with anything around numbers, budgets and forecasts.',
  'Coffee first, then questions.',
];
export const PAST_EMPLOYERS = ['Nordwerk AG', 'Brightline GmbH', 'Stadtwerke Kassel', 'Helios Logistics', 'Krone & Partner', 'Lumen Software'];
