import { inputError } from '@floe/core';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses durations such as `90s`, `5m`, `1h30m`, `7d` into milliseconds. */
export function parseDuration(text: string, field = 'duration'): number {
  const trimmed = text.trim();
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(trimmed); m; m = re.exec(trimmed)) {
    total += Number(m[1]) * UNITS[m[2]!]!;
    matched = re.lastIndex;
  }
  if (trimmed.length === 0 || matched !== trimmed.length || !(total > 0)) {
    throw inputError(`invalid ${field} "${text}"`, { hint: 'write a positive duration such as 30s, 5m, 1h30m or 7d' });
  }
  return Math.round(total);
}
