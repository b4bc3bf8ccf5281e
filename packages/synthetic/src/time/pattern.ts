/**
 * The shape of activity over a week in local time: a weight per hour of the day and a factor per
 * day of the week. Weights are relative; `normalizePattern` scales them so a week averages 1.
 */
export interface TemporalPattern {
  /** 24 relative weights, index = local hour (0–23). */
  readonly hourly: readonly number[];
  /** 7 factors, index = local day of week (0 = Sunday). */
  readonly weekday: readonly number[];
}

/** Retail rhythm: quiet night, morning peak, lunch dip, evening surge; weekends a little lower and later. */
export const RETAIL_PATTERN: TemporalPattern = {
  hourly: [
    0.22, 0.13, 0.09, 0.07, 0.07, 0.11, 0.25, 0.5, 0.85, 1.15, 1.3, 1.2, 0.8, 0.75, 0.95, 1.0, 0.98, 1.05, 1.3, 1.6,
    1.75, 1.5, 0.95, 0.5,
  ],
  weekday: [0.8, 1.0, 1.02, 1.03, 1.05, 1.08, 0.85],
};

/** Working-hours rhythm for SaaS product usage: weekdays 9–18, little at night and weekends. */
export const OFFICE_PATTERN: TemporalPattern = {
  hourly: [
    0.05, 0.04, 0.03, 0.03, 0.04, 0.08, 0.2, 0.5, 1.0, 1.6, 1.8, 1.7, 1.2, 1.4, 1.7, 1.65, 1.5, 1.2, 0.8, 0.5, 0.35,
    0.25, 0.15, 0.08,
  ],
  weekday: [0.25, 1.1, 1.15, 1.15, 1.1, 0.95, 0.3],
};

/** Scales the pattern so that its average weight over a week is 1 (a rate of r/hour then averages r/hour). */
export function normalizePattern(pattern: TemporalPattern): TemporalPattern {
  if (pattern.hourly.length !== 24 || pattern.weekday.length !== 7) {
    throw new Error('a temporal pattern needs 24 hourly weights and 7 weekday factors');
  }
  let sum = 0;
  for (const day of pattern.weekday) for (const hour of pattern.hourly) sum += day * hour;
  const mean = sum / (24 * 7);
  return { hourly: pattern.hourly.map((w) => w / mean), weekday: [...pattern.weekday] };
}

/**
 * Weight at a local minute of the day, linearly interpolated between hour midpoints so that
 * the curve has no steps.
 */
export function patternWeight(pattern: TemporalPattern, minuteOfDay: number, weekday: number): number {
  const h = (minuteOfDay - 30) / 60;
  const h0 = Math.floor(h);
  const f = h - h0;
  const w0 = pattern.hourly[(h0 + 24) % 24]!;
  const w1 = pattern.hourly[(h0 + 25) % 24]!;
  return (w0 + (w1 - w0) * f) * pattern.weekday[weekday]!;
}
