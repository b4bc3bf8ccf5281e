import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Small bronze tables with the column contract of issue 4 (types as the synthetic generator writes them), built
 * directly in DuckDB for testing the dbt project without Iceberg. Planted defects: an exact duplicate order, a
 * near-duplicate order (same id, later ingestion wins), a late order, NULL channel/e-mail/discount.
 */
export interface BronzeFixture {
  orders: {
    id: number;
    customer: number;
    at: string;
    ingested: string;
    channel: string | null;
    status: string;
    cents: number;
  }[];
  /** Expected revenue (cents) of non-cancelled, non-returned orders after deduplication. */
  revenueCents: number;
  orderCount: number;
  lateOrderIds: number[];
}

const statuses = ['pending', 'paid', 'processing', 'shipped', 'delivered', 'cancelled', 'returned'];
const regions = ['North America', 'Europe', 'Asia Pacific'];
const channels = ['web', 'mobile_app', 'marketplace'];

export async function createBronzeFixture(databaseFile: string, schema = 'bronze'): Promise<BronzeFixture> {
  const instance = await DuckDBInstance.create(databaseFile);
  const db = await instance.connect();
  try {
    await db.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await db.run(
      `CREATE OR REPLACE TABLE ${schema}.raw_customers (customer_id BIGINT, name VARCHAR, email VARCHAR, region VARCHAR, signup_at TIMESTAMPTZ)`,
    );
    await db.run(
      `CREATE OR REPLACE TABLE ${schema}.raw_products (product_id BIGINT, name VARCHAR, category VARCHAR, unit_price DECIMAL(9,2), created_at TIMESTAMPTZ)`,
    );
    await db.run(
      `CREATE OR REPLACE TABLE ${schema}.raw_orders (order_id BIGINT, customer_id BIGINT, ordered_at TIMESTAMPTZ, region VARCHAR, channel VARCHAR, status VARCHAR, order_total DECIMAL(9,2), ingested_at TIMESTAMPTZ)`,
    );
    await db.run(
      `CREATE OR REPLACE TABLE ${schema}.raw_order_items (order_item_id BIGINT, order_id BIGINT, product_id BIGINT, quantity INTEGER, unit_price DECIMAL(9,2), discount DECIMAL(9,2))`,
    );
    const customers = Array.from({ length: 20 }, (_, i) => i + 1);
    await db.run(
      `INSERT INTO ${schema}.raw_customers VALUES ${customers
        .map(
          (c) =>
            `(${c}, 'Customer ${c}', ${c % 4 === 0 ? 'NULL' : `'c${c}@example.com'`}, '${regions[c % 3]}', TIMESTAMPTZ '2026-10-01 00:00:00+00' + INTERVAL ${c} HOUR)`,
        )
        .join(', ')}`,
    );
    await db.run(
      `INSERT INTO ${schema}.raw_products VALUES ${Array.from({ length: 10 }, (_, i) => `(${i + 1}, 'Product ${i + 1}', '${i % 2 ? 'Books' : 'Garden'}', ${(i + 1) * 3}.50, TIMESTAMPTZ '2026-09-01 00:00:00+00')`).join(', ')}`,
    );
    const orders: BronzeFixture['orders'] = [];
    const items: string[] = [];
    let itemId = 1;
    for (let id = 1; id <= 60; id++) {
      const lines = (id % 3) + 1;
      let cents = 0;
      for (let l = 0; l < lines; l++) {
        const product = ((id + l) % 10) + 1;
        const priceCents = product * 300 + 50;
        const quantity = (l % 2) + 1;
        const discountCents = l === 0 && id % 5 === 0 ? 100 : 0;
        const discount = id % 7 === 0 ? 'NULL' : (discountCents / 100).toFixed(2);
        cents += quantity * priceCents - (id % 7 === 0 ? 0 : discountCents);
        items.push(`(${itemId++}, ${id}, ${product}, ${quantity}, ${(priceCents / 100).toFixed(2)}, ${discount})`);
      }
      const late = id % 20 === 0;
      const minute = id * 10;
      const at = late
        ? `2026-11-18 08:${String(id % 60).padStart(2, '0')}:00+00`
        : `2026-11-20 ${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00+00`;
      orders.push({
        id,
        customer: (id % 20) + 1,
        at,
        ingested: '2026-11-20 12:00:00+00',
        channel: id % 9 === 0 ? null : (channels[id % 3] ?? null),
        status: statuses[id % 7] ?? 'paid',
        cents,
      });
    }
    const orderRow = (o: BronzeFixture['orders'][number], status = o.status, ingested = o.ingested) =>
      `(${o.id}, ${o.customer}, TIMESTAMPTZ '${o.at}', '${regions[o.id % 3]}', ${o.channel === null ? 'NULL' : `'${o.channel}'`}, '${status}', ${(o.cents / 100).toFixed(2)}, TIMESTAMPTZ '${ingested}')`;
    const rows = orders.map((o) => orderRow(o));
    const exact = orders[3];
    const near = orders[4];
    if (!exact || !near) throw new Error('fixture too small');
    rows.push(orderRow(exact)); // exact duplicate
    // near duplicate: an earlier ingestion with an older status; the later ingestion (the original row) must win
    rows.push(orderRow(near, 'pending', '2026-11-20 06:00:00+00'));
    await db.run(`INSERT INTO ${schema}.raw_orders VALUES ${rows.join(', ')}`);
    await db.run(`INSERT INTO ${schema}.raw_order_items VALUES ${items.join(', ')}`);
    const revenueCents = orders
      .filter((o) => o.status !== 'cancelled' && o.status !== 'returned')
      .reduce((sum, o) => sum + o.cents, 0);
    return {
      orders,
      revenueCents,
      orderCount: orders.length,
      lateOrderIds: orders.filter((o) => o.id % 20 === 0).map((o) => o.id),
    };
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
