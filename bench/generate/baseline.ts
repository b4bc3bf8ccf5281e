/**
 * The benchmark baseline: a straightforward per-row generator written the way most projects do it,
 * with @faker-js/faker, one object per row, appended row by row through DuckDB's appender and
 * copied to Parquet. Same tables and columns as floe's ecommerce orders + order_items.
 */

import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBTimestampTZValue,
} from '@duckdb/node-api';
import { faker } from '@faker-js/faker';

const REGIONS = ['North America', 'Europe', 'Asia Pacific', 'Latin America', 'Middle East & Africa'];
const CHANNELS = ['web', 'mobile_app', 'marketplace', 'phone', 'in_store'];
const STATUSES = ['pending', 'paid', 'processing', 'shipped', 'delivered', 'cancelled', 'returned'];

interface Order {
  order_id: number;
  customer_id: number;
  ordered_at: Date;
  region: string;
  channel: string;
  status: string;
  order_total: number;
  ingested_at: Date;
}

interface OrderItem {
  order_item_id: number;
  order_id: number;
  product_id: number;
  quantity: number;
  unit_price: number;
  discount: number;
}

const ts = (d: Date) => new DuckDBTimestampTZValue(BigInt(d.getTime()) * 1000n);
const money = (cents: number) => new DuckDBDecimalValue(BigInt(cents), 9, 2);

function appendOrder(a: DuckDBAppender, o: Order): void {
  a.appendBigInt(BigInt(o.order_id));
  a.appendBigInt(BigInt(o.customer_id));
  a.appendTimestampTZ(ts(o.ordered_at));
  a.appendVarchar(o.region);
  a.appendVarchar(o.channel);
  a.appendVarchar(o.status);
  a.appendDecimal(money(o.order_total));
  a.appendTimestampTZ(ts(o.ingested_at));
  a.endRow();
}

function appendItem(a: DuckDBAppender, i: OrderItem): void {
  a.appendBigInt(BigInt(i.order_item_id));
  a.appendBigInt(BigInt(i.order_id));
  a.appendBigInt(BigInt(i.product_id));
  a.appendInteger(i.quantity);
  a.appendDecimal(money(i.unit_price));
  a.appendDecimal(money(i.discount));
  a.endRow();
}

export async function baseline(orders: number, outDir: string): Promise<{ orders: number; items: number }> {
  faker.seed(42);
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection: DuckDBConnection = await instance.connect();
  await connection.run(
    'CREATE TABLE orders (order_id BIGINT, customer_id BIGINT, ordered_at TIMESTAMPTZ, region VARCHAR, channel VARCHAR, status VARCHAR, order_total DECIMAL(9,2), ingested_at TIMESTAMPTZ)',
  );
  await connection.run(
    'CREATE TABLE order_items (order_item_id BIGINT, order_id BIGINT, product_id BIGINT, quantity INTEGER, unit_price DECIMAL(9,2), discount DECIMAL(9,2))',
  );
  const orderAppender = await connection.createAppender('orders');
  const itemAppender = await connection.createAppender('order_items');
  const end = new Date(Date.UTC(2026, 10, 20));
  const start = new Date(end.getTime() - 7 * 86_400_000);
  const prices = Array.from({ length: 1000 }, () =>
    Math.round(Number(faker.commerce.price({ min: 2, max: 1800 })) * 100),
  );
  let customers = 0;
  let itemId = 1;
  const batch = 10_000;
  for (let from = 1; from <= orders; from += batch) {
    const rows: Order[] = [];
    const items: OrderItem[] = [];
    for (let id = from; id < Math.min(from + batch, orders + 1); id++) {
      // A new customer now and then, with a name and an e-mail like a real sign-up.
      if (customers === 0 || faker.number.float() < 0.05) {
        customers++;
        faker.person.fullName();
        faker.internet.email();
      }
      const order: Order = {
        order_id: id,
        customer_id: faker.number.int({ min: 1, max: customers }),
        ordered_at: faker.date.between({ from: start, to: end }),
        region: faker.helpers.arrayElement(REGIONS),
        channel: faker.helpers.weightedArrayElement(CHANNELS.map((value, i) => ({ value, weight: 5 - i }))),
        status: faker.helpers.arrayElement(STATUSES),
        order_total: 0,
        ingested_at: end,
      };
      const lines = faker.number.int({ min: 1, max: 6 });
      for (let l = 0; l < lines; l++) {
        const product = faker.number.int({ min: 1, max: prices.length });
        const quantity = faker.number.int({ min: 1, max: 5 });
        const unitPrice = prices[product - 1]!;
        const discount = faker.datatype.boolean(0.2) ? Math.round(quantity * unitPrice * 0.1) : 0;
        items.push({
          order_item_id: itemId++,
          order_id: id,
          product_id: product,
          quantity,
          unit_price: unitPrice,
          discount,
        });
        order.order_total += quantity * unitPrice - discount;
      }
      rows.push(order);
    }
    for (const o of rows) appendOrder(orderAppender, o);
    for (const i of items) appendItem(itemAppender, i);
  }
  orderAppender.closeSync();
  itemAppender.closeSync();
  await connection.run(`COPY orders TO '${outDir}/orders.parquet' (FORMAT parquet)`);
  await connection.run(`COPY order_items TO '${outDir}/order_items.parquet' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
  return { orders, items: itemId - 1 };
}
