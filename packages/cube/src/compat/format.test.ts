import { describe, expect, it } from 'vitest';
import { formatRows, formatTimeValue } from './format.js';

describe('compatibility-mode result formatting', () => {
  it('formats time values as local ISO timestamps with milliseconds', () => {
    expect(formatTimeValue('2026-03-01T00:00:00.000')).toBe('2026-03-01T00:00:00.000');
    expect(formatTimeValue('2026-03-01 12:30:05')).toBe('2026-03-01T12:30:05.000');
    expect(formatTimeValue(new Date(Date.UTC(2026, 2, 1, 1, 2, 3, 4)))).toBe('2026-03-01T01:02:03.004');
    expect(formatTimeValue(null)).toBeNull();
  });

  it('keys rows by member name and repeats the first granularity under the plain dimension', () => {
    const rows = formatRows(
      [{ orders__count: '3', orders__ordered_at_day: '2026-01-02T00:00:00.000', orders__region: 'north', extra: 1 }],
      {
        aliasToMemberNameMap: {
          orders__count: 'orders.count',
          orders__ordered_at_day: 'orders.ordered_at.day',
          orders__region: 'orders.region',
        },
        annotation: { 'orders.ordered_at.day': { type: 'time' }, 'orders.count': { type: 'number' } },
        query: { timeDimensions: [{ dimension: 'orders.ordered_at', granularity: 'day' }] },
      },
    );
    expect(rows).toEqual([
      {
        'orders.count': '3',
        'orders.ordered_at.day': '2026-01-02T00:00:00.000',
        'orders.ordered_at': '2026-01-02T00:00:00.000',
        'orders.region': 'north',
      },
    ]);
  });

  it('renders bigints as strings', () => {
    const rows = formatRows([{ a: 12n }], { aliasToMemberNameMap: { a: 'c.a' }, annotation: {}, query: {} });
    expect(rows).toEqual([{ 'c.a': '12' }]);
  });
});
