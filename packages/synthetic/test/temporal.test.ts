import { describe, expect, it } from 'vitest';
import { ecommerce } from '../src/datasets/ecommerce/index.js';
import { Random } from '../src/random/prng.js';
import { parseDuration } from '../src/time/duration.js';
import { RETAIL_PATTERN } from '../src/time/pattern.js';
import { Timeline } from '../src/time/timeline.js';
import { LocalClock } from '../src/time/timezone.js';
import { collect, END } from './helpers.js';

function localHistogram(times: number[], timeZone: string): { hours: number[]; weekdays: number[] } {
  const clock = new LocalClock(timeZone);
  const hours = new Array(24).fill(0);
  const weekdays = new Array(7).fill(0);
  for (const t of times) {
    const { minuteOfDay, weekday } = clock.local(t);
    hours[Math.floor(minuteOfDay / 60)]++;
    weekdays[weekday]++;
  }
  return { hours, weekdays };
}

describe('temporal patterns', () => {
  it('follows the intraday rhythm in the configured time zone: peaks beat the night, lunch dips', () => {
    const timeZone = 'America/New_York';
    const { tables } = collect(ecommerce, { rows: 100_000, durationMs: 14 * 86_400_000, timeZone, seed: 3 });
    const { hours } = localHistogram(tables.get('orders')!.ordered_at as number[], timeZone);
    const night = hours[2]! + hours[3]! + hours[4]!;
    const morning = hours[9]! + hours[10]! + hours[11]!;
    const evening = hours[18]! + hours[19]! + hours[20]!;
    expect(morning).toBeGreaterThan(5 * night);
    expect(evening).toBeGreaterThan(5 * night);
    expect(hours[12]! + hours[13]!).toBeLessThan(hours[10]! + hours[11]!);
    expect(hours[20]!).toBeGreaterThan(hours[12]!);
    // The same orders seen from UTC peak at other hours: the zone is applied.
    const utc = localHistogram(tables.get('orders')!.ordered_at as number[], 'UTC').hours;
    expect(utc.indexOf(Math.max(...utc))).not.toBe(hours.indexOf(Math.max(...hours)));
  });

  it('makes weekends quieter than weekdays', () => {
    const { tables } = collect(ecommerce, { rows: 60_000, durationMs: 28 * 86_400_000, seed: 4 });
    const { weekdays } = localHistogram(tables.get('orders')!.ordered_at as number[], 'UTC');
    expect(weekdays[0]!).toBeLessThan(weekdays[3]!);
    expect(weekdays[6]!).toBeLessThan(weekdays[3]!);
  });

  it('emits sorted event times inside the window, so order ids increase with time', () => {
    const { tables, window } = collect(ecommerce, { rows: 20_000, seed: 5 });
    const times = tables.get('orders')!.ordered_at as number[];
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
    expect(times[0]!).toBeGreaterThanOrEqual(window.startMs);
    expect(times.at(-1)!).toBeLessThan(window.endMs);
  });

  it('realistic mode derives the row count from duration × rate × pattern (--rows caps it)', () => {
    // One night hour and one evening hour, 3600 orders/hour on average over the week.
    const night = collect(ecommerce, {
      mode: 'realistic',
      durationMs: 3_600_000,
      endMs: END + 4 * 3_600_000,
      ratePerHour: 3600,
      seed: 1,
    });
    const evening = collect(ecommerce, {
      mode: 'realistic',
      durationMs: 3_600_000,
      endMs: END + 21 * 3_600_000,
      ratePerHour: 3600,
      seed: 1,
    });
    const n = night.tables.get('orders')!.order_id!.length;
    const e = evening.tables.get('orders')!.order_id!.length;
    expect(n).toBeGreaterThan(0);
    expect(e).toBeGreaterThan(4 * n);
    const capped = collect(ecommerce, {
      mode: 'realistic',
      durationMs: 3_600_000,
      endMs: END + 21 * 3_600_000,
      ratePerHour: 3600,
      seed: 1,
      rows: 100,
    });
    expect(capped.tables.get('orders')!.order_id).toHaveLength(100);
    const timeline = new Timeline(END + 20 * 3_600_000, END + 21 * 3_600_000, RETAIL_PATTERN, 'UTC');
    const expected = 3600 * timeline.weightedHours;
    expect(Math.abs(e - expected)).toBeLessThan(5 * Math.sqrt(expected));
  });

  it('honours DST: the local hour is right on both sides of a change', () => {
    const clock = new LocalClock('Europe/Berlin');
    expect(clock.local(Date.UTC(2026, 2, 29, 0, 30)).minuteOfDay).toBe(90); // CET, UTC+1
    expect(clock.local(Date.UTC(2026, 2, 29, 1, 30)).minuteOfDay).toBe(210); // CEST, UTC+2
    expect(() => new LocalClock('Mars/Olympus')).toThrow(/unknown time zone/);
  });

  it('timeline sampling is stratified and reproducible', () => {
    const t = new Timeline(END, END + 86_400_000, RETAIL_PATTERN, 'UTC');
    const a = t.sampler(1000, new Random(9));
    const b = t.sampler(1000, new Random(9));
    for (let i = 0; i < 1000; i++) expect(a.next()).toBe(b.next());
  });
});

describe('parseDuration', () => {
  it('parses compound durations and rejects junk', () => {
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(() => parseDuration('5 minutes')).toThrow(/invalid duration/);
    expect(() => parseDuration('0s')).toThrow(/invalid duration/);
  });
});
