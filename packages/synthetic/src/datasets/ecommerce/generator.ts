import { TableBatch } from '../../columns/batch.js';
import { columnIndex } from '../../columns/schema.js';
import { DuplicatePlanter, type NullPlanter, nullPlanters } from '../../defects/plant.js';
import { type Random, splitmix32 } from '../../random/prng.js';
import { WeightedChoice } from '../../random/weighted.js';
import type { DatasetState } from '../../state.js';
import { RETAIL_PATTERN } from '../../time/pattern.js';
import type { TimeSampler } from '../../time/timeline.js';
import { CHANNELS, ITEMS_PER_ORDER, ORDER_STATUSES, QUANTITY, STATUS_BY_AGE } from '../../vocab/commerce.js';
import { EMAIL_DOMAINS, emailLocal, FIRST_NAMES, LAST_NAMES } from '../../vocab/people.js';
import type { DatasetRun, RunOptions, TimeWindow } from '../dataset.js';
import { applyLateArrivals, planRun, repeatOrNew, skewedId } from '../run-plan.js';
import { categoryOf, PriceTable, productName, RegionTable } from './catalog.js';
import { CUSTOMERS, ECOMMERCE_TABLES, ORDER_ITEMS, ORDERS, PRODUCTS } from './tables.js';

/** Products listed before the first order. */
const INITIAL_PRODUCTS = 400;
/** Chance that an order introduces a product launch. */
const NEW_PRODUCT_CHANCE = 1 / 4000;
/** New-customer probability: high while the customer base is small, then a steady floor. */
const NEW_CUSTOMER_FLOOR = 0.03;
const NEW_CUSTOMER_HALF = 2000;
const DISCOUNT_CHANCE = 0.22;
const DISCOUNT_PERCENTS = [5, 10, 15, 20, 25, 30];

// Random streams, one per purpose, so each column's draws depend only on row order.
const S = { time: 1, customer: 2, channel: 3, status: 4, items: 5, late: 6, people: 7, products: 8, count: 9 };

const statusTables = STATUS_BY_AGE.map((s) => ({ maxAgeMs: s.maxAgeMs, choice: new WeightedChoice(s.weights) }));
const channelChoice = new WeightedChoice(Object.values(CHANNELS));
const itemsChoice = new WeightedChoice(ITEMS_PER_ORDER);
const quantityChoice = new WeightedChoice(QUANTITY);
const SHIPPED = ORDER_STATUSES.indexOf('shipped');

export class EcommerceRun implements DatasetRun {
  readonly tables = ECOMMERCE_TABLES;
  readonly window: TimeWindow;
  readonly plannedRows: number;

  private readonly state: DatasetState;
  private readonly options: RunOptions;
  private readonly seed: number;
  private readonly rng: Record<keyof typeof S, Random>;
  private readonly sampler: TimeSampler | null;
  private readonly prices = new PriceTable();
  private readonly regions = new RegionTable();
  private readonly available: Int32Array;
  private readonly batches: Map<string, TableBatch>;
  private readonly customers: TableBatch;
  private readonly products: TableBatch;
  private readonly orders: TableBatch;
  private readonly items: TableBatch;
  private readonly nulls: NullPlanter[];
  private readonly orderDuplicates: DuplicatePlanter;
  private readonly itemDuplicates: DuplicatePlanter;

  private nextCustomer: number;
  private nextProduct: number;
  private nextOrder: number;
  private nextItem: number;
  private generated = 0;
  private started = false;

  constructor(options: RunOptions, previous: DatasetState | null) {
    this.options = options;
    const plan = planRun(options, previous, {
      dataset: 'ecommerce',
      tables: this.tables,
      primary: 'orders',
      runSalt: 0x0de7,
      pattern: RETAIL_PATTERN,
      streams: S,
    });
    this.state = plan.state;
    const ids = this.state.nextIds;
    this.nextCustomer = ids.customers ?? 1;
    this.nextProduct = ids.products ?? 1;
    this.nextOrder = ids.orders ?? 1;
    this.nextItem = ids.order_items ?? 1;
    this.window = plan.window;
    this.seed = options.seed;
    const runKey = plan.runKey;
    this.rng = plan.rng;
    this.plannedRows = plan.plannedRows;
    this.sampler = plan.sampler;
    this.prices.extend(Math.max(this.nextProduct - 1, INITIAL_PRODUCTS));

    const chunk = options.chunkRows;
    this.available = new Int32Array(chunk);
    const dup = DuplicatePlanter.factor(options.defects);
    // Customers, products and lines grow on demand; orders are known per chunk.
    this.customers = new TableBatch(CUSTOMERS, 1024);
    this.products = new TableBatch(PRODUCTS, 1024);
    this.orders = new TableBatch(ORDERS, Math.ceil(chunk * dup));
    this.items = new TableBatch(ORDER_ITEMS, Math.ceil(chunk * 2.5 * dup));
    this.batches = new Map([
      ['customers', this.customers],
      ['products', this.products],
      ['orders', this.orders],
      ['order_items', this.items],
    ]);

    const d = options.defects;
    this.nulls = nullPlanters([this.customers, this.products, this.orders, this.items], d, this.seed, 100, runKey);
    const orderedAt = columnIndex(ORDERS, 'ordered_at');
    const status = columnIndex(ORDERS, 'status');
    this.orderDuplicates = new DuplicatePlanter(
      d.exactDuplicates,
      d.nearDuplicates,
      this.seed,
      splitmix32(200) ^ runKey,
      (b, row, r) => {
        // A re-sent order: the clock of the sending system differs by seconds, the status moved on.
        const times = b.columns[orderedAt] as Float64Array;
        if (!b.isNull(orderedAt, row)) times[row] = times[row]! + 1000 + r.int(119_000);
        const codes = b.columns[status] as Uint8Array;
        if (!b.isNull(status, row) && codes[row]! < SHIPPED) codes[row] = codes[row]! + 1;
      },
    );
    this.itemDuplicates = new DuplicatePlanter(d.exactDuplicates, 0, this.seed, splitmix32(300) ^ runKey, () => {});
  }

  next(): ReadonlyMap<string, TableBatch> | null {
    const remaining = this.plannedRows - this.generated;
    const first = !this.started;
    this.started = true;
    if (remaining <= 0 && !(first && this.nextProduct <= INITIAL_PRODUCTS)) return null;
    for (const b of this.batches.values()) b.reset();
    if (this.nextProduct <= INITIAL_PRODUCTS) {
      while (this.nextProduct <= INITIAL_PRODUCTS)
        this.addProduct(this.window.startMs - 90 * 86_400_000 + this.rng.products.int(89 * 86_400_000));
    }
    const n = Math.min(this.options.chunkRows, Math.max(0, remaining));
    this.generateOrders(n);
    this.generated += n;
    const itemCount = this.items.length;
    this.nulls[0]!.plant(this.customers, this.customers.length);
    this.nulls[1]!.plant(this.products, this.products.length);
    this.nulls[2]!.plant(this.orders, n);
    this.nulls[3]!.plant(this.items, itemCount);
    this.orderDuplicates.plant(this.orders, n);
    this.itemDuplicates.plant(this.items, itemCount);
    return this.batches;
  }

  private addProduct(createdAt: number): number {
    const id = this.nextProduct++;
    const b = this.products;
    b.ensureCapacity(b.length + 1);
    const row = b.length++;
    (b.columns[0] as Float64Array)[row] = id;
    (b.columns[1] as string[])[row] = productName(id);
    (b.columns[2] as Uint8Array)[row] = categoryOf(id);
    (b.columns[3] as Int32Array)[row] = this.prices.get(id);
    (b.columns[4] as Float64Array)[row] = createdAt;
    return id;
  }

  private addCustomer(orderedAt: number): number {
    const id = this.nextCustomer++;
    const r = this.rng.people;
    const first = FIRST_NAMES[r.int(FIRST_NAMES.length)]!;
    const last = LAST_NAMES[r.int(LAST_NAMES.length)]!;
    const domain = EMAIL_DOMAINS[r.int(EMAIL_DOMAINS.length)]!;
    const b = this.customers;
    b.ensureCapacity(b.length + 1);
    const row = b.length++;
    (b.columns[0] as Float64Array)[row] = id;
    (b.columns[1] as string[])[row] = `${first} ${last}`;
    (b.columns[2] as string[])[row] = `${emailLocal(first, last)}${id % 9973}@${domain}`;
    (b.columns[3] as Uint8Array)[row] = this.regions.get(id);
    (b.columns[4] as Float64Array)[row] = orderedAt - 60_000 - r.int(20 * 60_000);
    return id;
  }

  private generateOrders(n: number): void {
    if (n === 0 || !this.sampler) return;
    const { startMs, endMs } = this.window;
    const o = this.orders;
    const orderId = o.columns[0] as Float64Array;
    const customerId = o.columns[1] as Float64Array;
    const orderedAt = o.columns[2] as Float64Array;
    const region = o.columns[3] as Uint8Array;
    const channel = o.columns[4] as Uint8Array;
    const status = o.columns[5] as Uint8Array;
    const total = o.columns[6] as Int32Array;
    const ingestedAt = o.columns[7] as Float64Array;
    const { late: rLate, customer: rCust, channel: rChan, status: rStat, products: rProd } = this.rng;
    const available = this.available;

    // Event times (sorted), then late arrivals: two draws per order whenever late rows are on.
    this.sampler.fill(orderedAt, n);
    applyLateArrivals(orderedAt, n, this.options.defects, startMs, rLate);

    // Who orders: a new customer (more likely while the base is small) or a repeat one; product
    // launches happen between orders, so an order can only buy what exists at its time.
    const regions = this.regions;
    for (let i = 0; i < n; i++) {
      const t = orderedAt[i]!;
      const cid =
        repeatOrNew(rCust, this.nextCustomer - 1, NEW_CUSTOMER_FLOOR, NEW_CUSTOMER_HALF) || this.addCustomer(t);
      if (rProd.next() < NEW_PRODUCT_CHANCE) this.addProduct(t);
      customerId[i] = cid;
      region[i] = regions.get(cid);
      available[i] = this.nextProduct - 1;
    }

    const first = this.nextOrder;
    for (let i = 0; i < n; i++) {
      orderId[i] = first + i;
      ingestedAt[i] = endMs;
      channel[i] = channelChoice.pick(rChan.next());
      const age = endMs - orderedAt[i]!;
      let s = 0;
      while (age > statusTables[s]!.maxAgeMs) s++;
      status[i] = statusTables[s]!.choice.pick(rStat.next());
    }
    this.nextOrder = first + n;
    this.generateItems(n, orderId, total);
    o.length = n;
  }

  /** Lines of orders [0, n): products skewed to bestsellers, quantities, discounts; sums the totals. */
  private generateItems(n: number, orderId: Float64Array, total: Int32Array): void {
    const it = this.items;
    const maxLines = ITEMS_PER_ORDER.length;
    let itemId = it.columns[0] as Float64Array;
    let itemOrder = it.columns[1] as Float64Array;
    let itemProduct = it.columns[2] as Float64Array;
    let quantity = it.columns[3] as Int32Array;
    let unitPrice = it.columns[4] as Int32Array;
    let discount = it.columns[5] as Int32Array;
    const r = this.rng.items;
    const prices = this.prices;
    const available = this.available;
    let nextItem = this.nextItem;
    let item = 0;
    for (let i = 0; i < n; i++) {
      if (item + maxLines > it.capacity) {
        it.length = item;
        it.ensureCapacity(item + maxLines + (n - i) * 3);
        itemId = it.columns[0] as Float64Array;
        itemOrder = it.columns[1] as Float64Array;
        itemProduct = it.columns[2] as Float64Array;
        quantity = it.columns[3] as Int32Array;
        unitPrice = it.columns[4] as Int32Array;
        discount = it.columns[5] as Int32Array;
      }
      const id = orderId[i]!;
      const products = available[i]!;
      const lines = itemsChoice.pick(r.next()) + 1;
      let sum = 0;
      for (let l = 0; l < lines; l++) {
        const pid = skewedId(products, r.next());
        const q = quantityChoice.pick(r.next()) + 1;
        const price = prices.get(pid);
        const gross = q * price;
        const d = r.next();
        const off =
          d < DISCOUNT_CHANCE
            ? Math.round(
                (gross * DISCOUNT_PERCENTS[Math.floor((d / DISCOUNT_CHANCE) * DISCOUNT_PERCENTS.length)]!) / 100,
              )
            : 0;
        itemId[item] = nextItem++;
        itemOrder[item] = id;
        itemProduct[item] = pid;
        quantity[item] = q;
        unitPrice[item] = price;
        discount[item] = off;
        sum += gross - off;
        item++;
      }
      total[i] = sum;
    }
    this.nextItem = nextItem;
    it.length = item;
  }

  finalState(): DatasetState {
    return {
      dataset: 'ecommerce',
      runs: this.state.runs + 1,
      watermark: this.window.endMs,
      nextIds: {
        customers: this.nextCustomer,
        products: this.nextProduct,
        orders: this.nextOrder,
        order_items: this.nextItem,
      },
    };
  }
}
