/** Vocabulary of the SaaS dataset. */
export const INDUSTRIES = {
  Software: 0.22,
  'Financial Services': 0.13,
  Healthcare: 0.1,
  Retail: 0.12,
  Manufacturing: 0.1,
  Education: 0.08,
  Media: 0.07,
  Logistics: 0.08,
  'Non-profit': 0.04,
  Government: 0.06,
};

/** Plans with their share of new subscriptions and monthly price per account in cents. */
export const PLANS: readonly { name: string; share: number; mrrCents: number }[] = [
  { name: 'free', share: 0.3, mrrCents: 0 },
  { name: 'starter', share: 0.35, mrrCents: 4_900 },
  { name: 'team', share: 0.22, mrrCents: 19_900 },
  { name: 'business', share: 0.1, mrrCents: 79_900 },
  { name: 'enterprise', share: 0.03, mrrCents: 450_000 },
];

export const SUBSCRIPTION_STATUSES = ['trial', 'active', 'upgraded', 'churned'] as const;

export const ROLES = { member: 0.7, admin: 0.2, owner: 0.1 };

export const EVENT_TYPES = {
  login: 0.26,
  page_view: 0.34,
  feature_used: 0.2,
  report_exported: 0.05,
  invite_sent: 0.03,
  api_call: 0.1,
  settings_changed: 0.02,
};

export const COMPANY_PREFIXES = [
  'North',
  'Blue',
  'Bright',
  'Silver',
  'Green',
  'Swift',
  'Iron',
  'Quantum',
  'Nimbus',
  'Atlas',
  'Cedar',
  'Harbor',
  'Summit',
  'Pioneer',
  'Vertex',
  'Lumen',
  'Orbit',
  'Maple',
  'Copper',
  'Granite',
];

export const COMPANY_SUFFIXES = [
  'Labs',
  'Systems',
  'Analytics',
  'Works',
  'Logistics',
  'Health',
  'Capital',
  'Media',
  'Foods',
  'Energy',
  'Robotics',
  'Retail',
  'Partners',
  'Cloud',
  'Studios',
  'Dynamics',
];
