import type { Dataset } from '../dataset.js';
import { EcommerceRun } from './generator.js';
import { ECOMMERCE_TABLES } from './tables.js';

export const ecommerce: Dataset = {
  name: 'ecommerce',
  doc: 'An online shop: customers, products, orders and order items',
  tables: ECOMMERCE_TABLES,
  primary: 'orders',
  defaultNullColumns: ['customers.email', 'orders.channel', 'orders.region'],
  start: (options, state) => new EcommerceRun(options, state),
};
