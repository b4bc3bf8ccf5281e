/**
 * A fast, seedable pseudo-random generator: xoshiro128** seeded through splitmix32.
 * Pure 32-bit integer arithmetic (no BigInt), so it is fast in V8 and identical on every platform.
 */

const TWO_POW_32 = 4294967296;
const INV_TWO_POW_32 = 1 / TWO_POW_32;

/** splitmix32: turns any 32-bit value into a well-mixed one; also used to expand seeds. */
export function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const BUFFER = 2048;

/**
 * Seeded uniform random numbers. Draws are produced BUFFER at a time in a tight loop into a
 * Float64Array, so `next()` is a tiny inlinable read that allocates nothing; the sequence is the
 * same as drawing one by one.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private readonly buffer = new Float64Array(BUFFER);
  private pos = BUFFER;

  /** `seed` and `stream` are any non-negative integers below 2^53; different streams are independent. */
  constructor(seed: number, stream = 0) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / TWO_POW_32) >>> 0;
    let s = splitmix32(lo ^ splitmix32(hi ^ splitmix32(stream >>> 0)));
    this.a = s = splitmix32(s);
    this.b = s = splitmix32(s);
    this.c = s = splitmix32(s);
    this.d = splitmix32(s) | 1;
  }

  /** Refills the buffer with the next BUFFER outputs of xoshiro128**, mapped to [0, 1). */
  private refill(): void {
    let { a, b, c, d } = this;
    const out = this.buffer;
    for (let i = 0; i < BUFFER; i++) {
      const r = Math.imul(b, 5);
      out[i] = (Math.imul((r << 7) | (r >>> 25), 9) >>> 0) * INV_TWO_POW_32;
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    this.pos = 0;
  }

  /** Uniform float in [0, 1) with 32 bits of resolution. */
  next(): number {
    if (this.pos === BUFFER) this.refill();
    return this.buffer[this.pos++]!;
  }

  /** Uniform integer in [0, n) for n up to 2^32. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal variate (Box–Muller, one of the pair). */
  gaussian(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/** Stateless 32-bit hash of an integer id with a salt: entity attributes derived from ids stay stable across runs. */
export function hashId(id: number, salt: number): number {
  const lo = id >>> 0;
  const hi = Math.floor(id / TWO_POW_32) >>> 0;
  return splitmix32(splitmix32(lo ^ salt) ^ hi);
}

/** `hashId` mapped to [0, 1). */
export function unitHash(id: number, salt: number): number {
  return hashId(id, salt) * INV_TWO_POW_32;
}

/** A 32-bit FNV-1a hash of a string: turns textual seeds into numbers. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
