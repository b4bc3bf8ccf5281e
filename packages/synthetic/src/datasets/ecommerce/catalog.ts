import { hashId, unitHash } from '../../random/prng.js';
import { WeightedChoice } from '../../random/weighted.js';
import { CATEGORIES, PRODUCT_ADJECTIVES, REGIONS } from '../../vocab/commerce.js';

// Fixed salts: attributes of an entity depend only on its id, so every run (whatever its seed)
// agrees on a product's price or a customer's region without reading earlier output.
const CATEGORY_SALT = 0x5a17c0de;
const PRICE_SALT = 0x0b1e55ed;
const NAME_SALT = 0x7a11ab1e;
const REGION_SALT = 0x4e610a5;

const categoryChoice = new WeightedChoice(CATEGORIES.map((c) => c.share));
const regionChoice = new WeightedChoice(Object.values(REGIONS));

export function categoryOf(productId: number): number {
  return categoryChoice.pick(unitHash(productId, CATEGORY_SALT));
}

/** List price in cents: log-uniform in the category's range, ending in .99, .49 or .00. */
export function priceOf(productId: number): number {
  const cat = CATEGORIES[categoryOf(productId)]!;
  const u = unitHash(productId, PRICE_SALT);
  const whole = Math.floor(cat.minPrice * (cat.maxPrice / cat.minPrice) ** u);
  const ending = [99, 49, 0][hashId(productId, PRICE_SALT + 1) % 3]!;
  return Math.max(99, whole * 100 + ending - (ending === 0 ? 0 : 100));
}

export function productName(productId: number): string {
  const cat = CATEGORIES[categoryOf(productId)]!;
  const h = hashId(productId, NAME_SALT);
  const adjective = PRODUCT_ADJECTIVES[h % PRODUCT_ADJECTIVES.length]!;
  const noun = cat.nouns[(h >>> 8) % cat.nouns.length]!;
  return `${adjective} ${noun} ${String.fromCharCode(65 + ((h >>> 16) % 26))}${((h >>> 21) % 900) + 100}`;
}

export function regionOf(customerId: number): number {
  return regionChoice.pick(unitHash(customerId, REGION_SALT));
}

/** Regions of customers 1..n, computed once per customer (the hot loop reads a byte). */
export class RegionTable {
  private regions = new Uint8Array(1024).fill(255);

  get(id: number): number {
    if (id >= this.regions.length) {
      let size = this.regions.length;
      while (size <= id) size *= 2;
      const next = new Uint8Array(size).fill(255);
      next.set(this.regions);
      this.regions = next;
    }
    let r = this.regions[id]!;
    if (r === 255) {
      r = regionOf(id);
      this.regions[id] = r;
    }
    return r;
  }
}

/** Prices of products 1..n, grown on demand, for the hot item loop. */
export class PriceTable {
  private prices = new Int32Array(1024);
  private known = 0;

  /** Price of product `id` (1-based); computes and caches up to `id`. */
  get(id: number): number {
    if (id > this.known) this.extend(id);
    return this.prices[id]!;
  }

  extend(upTo: number): void {
    if (upTo >= this.prices.length) {
      let size = this.prices.length;
      while (size <= upTo) size *= 2;
      const next = new Int32Array(size);
      next.set(this.prices);
      this.prices = next;
    }
    for (let id = this.known + 1; id <= upTo; id++) this.prices[id] = priceOf(id);
    this.known = upTo;
  }
}
