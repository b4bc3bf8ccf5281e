import { inputError } from '@floe/core';

const HOUR_MS = 3_600_000;

/** Throws an input error unless `timeZone` is an IANA zone this Node knows. */
export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw inputError(`unknown time zone "${timeZone}"`, {
      hint: 'use an IANA name such as UTC, Europe/Berlin or America/New_York',
    });
  }
}

/**
 * Converts UTC instants to local minute-of-day and weekday in one zone. The UTC offset is looked
 * up once per UTC hour (through Intl) and cached, so DST changes are honoured and lookups are cheap.
 */
export class LocalClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    assertTimeZone(timeZone);
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  }

  /** Local time minus UTC, in ms, at the given instant (resolved per UTC hour). */
  offsetMs(utcMs: number): number {
    const hour = Math.floor(utcMs / HOUR_MS);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      const at = hour * HOUR_MS;
      const parts: Record<string, number> = {};
      for (const p of this.format.formatToParts(new Date(at)))
        if (p.type !== 'literal') parts[p.type] = Number(p.value);
      const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
      offset = local - at;
      this.offsets.set(hour, offset);
    }
    return offset;
  }

  /** Local minute of the day (0–1439, fractional) and day of week (0 = Sunday). */
  local(utcMs: number): { minuteOfDay: number; weekday: number } {
    const local = utcMs + this.offsetMs(utcMs);
    const dayMs = 86_400_000;
    const day = Math.floor(local / dayMs);
    const minuteOfDay = (local - day * dayMs) / 60_000;
    // 1970-01-01 was a Thursday (4).
    const weekday = (((day + 4) % 7) + 7) % 7;
    return { minuteOfDay, weekday };
  }
}
