import { column, type TableSpec } from '../../columns/schema.js';
import { CATEGORIES, CHANNELS, ORDER_STATUSES, REGIONS } from '../../vocab/commerce.js';

export const REGION_VALUES = Object.keys(REGIONS);
export const CHANNEL_VALUES = Object.keys(CHANNELS);
export const CATEGORY_VALUES = CATEGORIES.map((c) => c.name);

export const CUSTOMERS: TableSpec = {
  name: 'customers',
  doc: 'People who placed at least one order (created when they first order).',
  key: 'customer_id',
  columns: [
    column('customer_id', 'id', 'Customer id, increasing across runs'),
    column('name', 'text', 'Full name', { nullable: true }),
    column('email', 'text', 'E-mail address', { nullable: true }),
    column('region', 'category', 'Sales region', { nullable: true, values: REGION_VALUES }),
    column('signup_at', 'timestamp', 'When the customer signed up', { nullable: true }),
  ],
};

export const PRODUCTS: TableSpec = {
  name: 'products',
  doc: 'The product catalog; grows slowly as new products launch.',
  key: 'product_id',
  columns: [
    column('product_id', 'id', 'Product id, increasing across runs'),
    column('name', 'text', 'Product name', { nullable: true }),
    column('category', 'category', 'Product category', { nullable: true, values: CATEGORY_VALUES }),
    column('unit_price', 'money', 'List price', { nullable: true }),
    column('created_at', 'timestamp', 'When the product was listed', { nullable: true }),
  ],
};

export const ORDERS: TableSpec = {
  name: 'orders',
  doc: 'Orders; order_total equals the sum over its items of quantity × unit_price − discount.',
  key: 'order_id',
  columns: [
    column('order_id', 'id', 'Order id, increasing with time across runs'),
    column('customer_id', 'id', 'The ordering customer (customers.customer_id)', { nullable: true }),
    column('ordered_at', 'timestamp', 'When the order was placed (event time)', { nullable: true }),
    column('region', 'category', 'Sales region of the order', { nullable: true, values: REGION_VALUES }),
    column('channel', 'category', 'Sales channel', { nullable: true, values: CHANNEL_VALUES }),
    column('status', 'category', 'Lifecycle status when ingested', { nullable: true, values: [...ORDER_STATUSES] }),
    column('order_total', 'money', 'Sum of the order lines', { nullable: true }),
    column('ingested_at', 'timestamp', 'When the row was loaded (end of the batch window)', { nullable: true }),
  ],
};

export const ORDER_ITEMS: TableSpec = {
  name: 'order_items',
  doc: 'Order lines: one product, a quantity, the unit price and a discount amount.',
  key: 'order_item_id',
  columns: [
    column('order_item_id', 'id', 'Order line id, increasing across runs'),
    column('order_id', 'id', 'The order (orders.order_id)'),
    column('product_id', 'id', 'The product (products.product_id)', { nullable: true }),
    column('quantity', 'int', 'Units ordered', { nullable: true }),
    column('unit_price', 'money', 'Price per unit', { nullable: true }),
    column('discount', 'money', 'Discount amount on the line', { nullable: true }),
  ],
};

export const ECOMMERCE_TABLES = [CUSTOMERS, PRODUCTS, ORDERS, ORDER_ITEMS] as const;
