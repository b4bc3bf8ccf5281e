import { column, type TableSpec } from '../../columns/schema.js';
import { EVENT_TYPES, INDUSTRIES, PLANS, ROLES, SUBSCRIPTION_STATUSES } from '../../vocab/saas.js';
import { REGION_VALUES } from '../ecommerce/tables.js';

export const PLAN_VALUES = PLANS.map((p) => p.name);

export const ACCOUNTS: TableSpec = {
  name: 'accounts',
  doc: 'Customer companies.',
  key: 'account_id',
  columns: [
    column('account_id', 'id', 'Account id, increasing across runs'),
    column('name', 'text', 'Company name', { nullable: true }),
    column('industry', 'category', 'Industry', { nullable: true, values: Object.keys(INDUSTRIES) }),
    column('region', 'category', 'Region', { nullable: true, values: REGION_VALUES }),
    column('created_at', 'timestamp', 'When the account signed up', { nullable: true }),
  ],
};

export const USERS: TableSpec = {
  name: 'users',
  doc: 'People using the product; each belongs to one account.',
  key: 'user_id',
  columns: [
    column('user_id', 'id', 'User id, increasing across runs'),
    column('account_id', 'id', 'The account (accounts.account_id)'),
    column('email', 'text', 'E-mail address', { nullable: true }),
    column('role', 'category', 'Role in the account', { nullable: true, values: Object.keys(ROLES) }),
    column('created_at', 'timestamp', 'When the user was invited', { nullable: true }),
  ],
};

export const SUBSCRIPTIONS: TableSpec = {
  name: 'subscriptions',
  doc: 'Subscription changes (append-only): trials, activations, upgrades and churn; the latest row per account is current.',
  key: 'subscription_id',
  columns: [
    column('subscription_id', 'id', 'Subscription change id, increasing across runs'),
    column('account_id', 'id', 'The account (accounts.account_id)'),
    column('plan', 'category', 'Plan', { nullable: true, values: PLAN_VALUES }),
    column('mrr', 'money', 'Monthly recurring revenue after this change (0 when churned)', { nullable: true }),
    column('status', 'category', 'trial, active, upgraded or churned', {
      nullable: true,
      values: [...SUBSCRIPTION_STATUSES],
    }),
    column('started_at', 'timestamp', 'When this subscription state began', { nullable: true }),
    column('ended_at', 'timestamp', 'When the subscription ended (churned rows only)', { nullable: true }),
  ],
};

export const EVENTS: TableSpec = {
  name: 'events',
  doc: 'Product usage events.',
  key: 'event_id',
  columns: [
    column('event_id', 'id', 'Event id, increasing with time across runs'),
    column('user_id', 'id', 'Acting user (users.user_id)', { nullable: true }),
    column('account_id', 'id', 'Account of the user (accounts.account_id)', { nullable: true }),
    column('event_type', 'category', 'What happened', { nullable: true, values: Object.keys(EVENT_TYPES) }),
    column('occurred_at', 'timestamp', 'When it happened (event time)', { nullable: true }),
    column('ingested_at', 'timestamp', 'When the row was loaded (end of the batch window)', { nullable: true }),
  ],
};

export const SAAS_TABLES = [ACCOUNTS, USERS, SUBSCRIPTIONS, EVENTS] as const;
