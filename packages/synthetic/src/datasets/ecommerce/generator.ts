import { TableBatch } from '../../columns/batch.js';
import { columnIndex } from '../../columns/schema.js';
import { DuplicatePlanter, NullPlanter, nullColumnsFor } from '../../defects/plant.js';
import { hashId, Random, splitmix32 } from '../../random/prng.js';
import { WeightedChoice } from '../../random/weighted.js';
import { type DatasetState, initialState } from '../../state.js';
import { RETAIL_PATTERN } from '../../time/pattern.js';
import { Timeline, type TimeSampler } from '../../time/timeline.js';
import { CHANNELS, ITEMS_PER_ORDER, ORDER_STATUSES, QUANTITY, STATUS_BY_AGE } from '../../vocab/commerce.js';
import { EMAIL_DOMAINS, emailLocal, FIRST_NAMES, LAST_NAMES } from '../../vocab/people.js';
import { type DatasetRun, type RunOptions, resolveWindow, type TimeWindow } from '../dataset.js';
import { categoryOf, PriceTable, productName, regionOf } from './catalog.js';
import { CUSTOMERS, ECOMMERCE_TABLES, ORDER_ITEMS, ORDERS, PRODUCTS } from './tables.js';

/** Products listed before the first order. */
const INITIAL_PRODUCTS = 400;
/** Chance that an order introduces a product launch. */
const NEW_PRODUCT_CHANCE = 1 / 4000;
/** New-customer probability: high while the customer base is small, then a steady floor. */
const NEW_CUSTOMER_FLOOR = 0.03;
const NEW_CUSTOMER_HALF = 2000;
/** Skew of repeat customers and popular products: id = 1 + floor(n × u^skew). */
const CUSTOMER_SKEW = 1.3;
const PRODUCT_SKEW = 1.5;
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
    this.state =
      previous ??
      initialState(
        'ecommerce',
        this.tables.map((t) => t.name),
      );
    const ids = this.state.nextIds;
    this.nextCustomer = ids.customers ?? 1;
    this.nextProduct = ids.products ?? 1;
    this.nextOrder = ids.orders ?? 1;
    this.nextItem = ids.order_items ?? 1;
    this.window = resolveWindow(options, this.state.watermark);
    // Same seed + same starting state → same draws; a later run starts new streams.
    this.seed = options.seed;
    const runKey = splitmix32(this.state.runs) ^ hashId(this.nextOrder, 0x0de7);
    const stream = (purpose: number) => new Random(this.seed, splitmix32(purpose ^ runKey));
    this.rng = Object.fromEntries(Object.entries(S).map(([k, v]) => [k, stream(v)])) as Record<keyof typeof S, Random>;

    const timeline = new Timeline(
      this.window.startMs,
      this.window.endMs,
      options.pattern ?? RETAIL_PATTERN,
      options.timeZone,
    );
    this.plannedRows = options.mode === 'burst' ? options.rows : timeline.countFor(options.ratePerHour, this.rng.count);
    this.sampler = this.plannedRows > 0 ? timeline.sampler(this.plannedRows, this.rng.time) : null;
    this.prices.extend(Math.max(this.nextProduct - 1, INITIAL_PRODUCTS));

    const chunk = options.chunkRows;
    const dup = DuplicatePlanter.factor(options.defects);
    this.customers = new TableBatch(CUSTOMERS, chunk);
    this.products = new TableBatch(PRODUCTS, Math.max(INITIAL_PRODUCTS, chunk));
    this.orders = new TableBatch(ORDERS, chunk * dup);
    this.items = new TableBatch(ORDER_ITEMS, chunk * ITEMS_PER_ORDER.length * dup);
    this.batches = new Map([
      ['customers', this.customers],
      ['products', this.products],
      ['orders', this.orders],
      ['order_items', this.items],
    ]);

    const d = options.defects;
    this.nulls = [this.customers, this.products, this.orders, this.items].map(
      (b, i) =>
        new NullPlanter(
          b.table,
          nullColumnsFor(b.table.name, d.nullColumns),
          d.nulls,
          this.seed,
          splitmix32(100 + i) ^ runKey,
        ),
    );
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
    const row = b.length++;
    (b.columns[0] as Float64Array)[row] = id;
    (b.columns[1] as string[])[row] = `${first} ${last}`;
    (b.columns[2] as string[])[row] = `${emailLocal(first, last)}${id % 9973}@${domain}`;
    (b.columns[3] as Uint8Array)[row] = regionOf(id);
    (b.columns[4] as Float64Array)[row] = orderedAt - 60_000 - r.int(20 * 60_000);
    return id;
  }

  private generateOrders(n: number): void {
    if (n === 0 || !this.sampler) return;
    const { late, lateMinMs, lateMaxMs } = this.options.defects;
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
    const it = this.items;
    const itemId = it.columns[0] as Float64Array;
    const itemOrder = it.columns[1] as Float64Array;
    const itemProduct = it.columns[2] as Float64Array;
    const quantity = it.columns[3] as Int32Array;
    const unitPrice = it.columns[4] as Int32Array;
    const discount = it.columns[5] as Int32Array;
    const { late: rLate, customer: rCust, channel: rChan, status: rStat, items: rItems, products: rProd } = this.rng;
    const sampler = this.sampler;
    const prices = this.prices;
    let item = 0;
    for (let i = 0; i < n; i++) {
      let t = sampler.next();
      if (late > 0 && rLate.next() < late) t = startMs - lateMinMs - Math.floor(rLate.next() * (lateMaxMs - lateMinMs));
      const known = this.nextCustomer - 1;
      let cid: number;
      if (known === 0 || rCust.next() < Math.max(NEW_CUSTOMER_FLOOR, NEW_CUSTOMER_HALF / (known + NEW_CUSTOMER_HALF))) {
        cid = this.addCustomer(t);
      } else {
        cid = 1 + Math.floor(known * rCust.next() ** CUSTOMER_SKEW);
      }
      if (rProd.next() < NEW_PRODUCT_CHANCE) this.addProduct(t);
      const id = this.nextOrder++;
      orderId[i] = id;
      customerId[i] = cid;
      orderedAt[i] = t;
      region[i] = regionOf(cid);
      channel[i] = channelChoice.pick(rChan.next());
      const age = endMs - t;
      let s = 0;
      while (age > statusTables[s]!.maxAgeMs) s++;
      status[i] = statusTables[s]!.choice.pick(rStat.next());
      ingestedAt[i] = endMs;
      const products = this.nextProduct - 1;
      const lines = itemsChoice.pick(rItems.next()) + 1;
      let sum = 0;
      for (let l = 0; l < lines; l++) {
        const pid = 1 + Math.floor(products * rItems.next() ** PRODUCT_SKEW);
        const q = quantityChoice.pick(rItems.next()) + 1;
        const price = prices.get(pid);
        const gross = q * price;
        const off =
          rItems.next() < DISCOUNT_CHANCE
            ? Math.round((gross * DISCOUNT_PERCENTS[rItems.int(DISCOUNT_PERCENTS.length)]!) / 100)
            : 0;
        itemId[item] = this.nextItem++;
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
    o.length = n;
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
