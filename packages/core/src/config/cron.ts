/** Checks a 5-field cron expression (minute hour day-of-month month day-of-week). Returns a problem or undefined. */
const FIELDS: { name: string; min: number; max: number; names?: string[] }[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

const MACROS = new Set(['@hourly', '@daily', '@weekly', '@monthly', '@yearly', '@annually', '@midnight']);

export function cronProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  if (MACROS.has(trimmed)) return undefined;
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 5) return `expected 5 fields (minute hour day month weekday), got ${parts.length}`;
  for (let i = 0; i < 5; i++) {
    const field = FIELDS[i]!;
    const problem = fieldProblem(parts[i]!, field.min, field.max, field.names);
    if (problem) return `${field.name}: ${problem}`;
  }
  return undefined;
}

function fieldProblem(text: string, min: number, max: number, names: string[] | undefined): string | undefined {
  for (const item of text.split(',')) {
    const [range, step, extra] = item.split('/');
    if (extra !== undefined || range === undefined || range === '') return `"${item}" is not a valid item`;
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `step "${step}" must be a positive integer`;
    if (range === '*') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `"${range}" is not a valid range`;
    const values: number[] = [];
    for (const bound of bounds) {
      const value = parseValue(bound, min, names);
      if (value === undefined || value < min || value > max) return `"${bound}" is outside ${min}-${max}`;
      values.push(value);
    }
    if (values.length === 2 && values[0]! > values[1]!) return `range "${range}" is reversed`;
  }
  return undefined;
}

function parseValue(text: string, min: number, names: string[] | undefined): number | undefined {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const index = names?.indexOf(text.toLowerCase()) ?? -1;
  return index >= 0 ? index + (min === 1 ? 1 : 0) : undefined;
}
