import type { Dataset } from '../dataset.js';
import { SaasRun } from './generator.js';
import { SAAS_TABLES } from './tables.js';

export const saas: Dataset = {
  name: 'saas',
  doc: 'A B2B software product: accounts, users, subscriptions (plans, MRR, churn) and usage events',
  tables: SAAS_TABLES,
  primary: 'events',
  defaultNullColumns: ['users.email', 'events.event_type'],
  start: (options, state) => new SaasRun(options, state),
};
