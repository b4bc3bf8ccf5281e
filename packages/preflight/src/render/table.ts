import type { CheckStatus, PreflightReport } from '../report.js';

const COLOURS: Record<CheckStatus, string> = { ok: '32', warning: '33', error: '31', skipped: '90' };
const SYMBOLS: Record<CheckStatus, string> = { ok: 'ok', warning: 'WARN', error: 'FAIL', skipped: 'skip' };

export interface TableOptions {
  colour: boolean;
  /** Terminal width for cutting long messages (default: no cutting). */
  width?: number | undefined;
}

/** A table of results (service, check, status, duration, message), then one remediation line per problem. */
export function renderTable(report: PreflightReport, options: TableOptions): string {
  const paint = (status: CheckStatus, text: string) =>
    options.colour ? `\x1b[${COLOURS[status]}m${text}\x1b[0m` : text;
  const rows = report.checks.map((c) => ({
    service: c.service,
    name: c.name,
    status: c.status,
    duration: formatMs(c.duration_ms),
    message: c.message,
  }));
  const header = { service: 'SERVICE', name: 'CHECK', status: 'STATUS', duration: 'TIME', message: 'MESSAGE' };
  const w = (key: 'service' | 'name' | 'duration') => Math.max(header[key].length, ...rows.map((r) => r[key].length));
  const ws = w('service');
  const wn = w('name');
  const wd = w('duration');
  const wst = 6;
  const width = options.width ?? Number.POSITIVE_INFINITY;
  const room = Math.max(30, width - ws - wn - wd - wst - 8);
  const cut = (text: string) => (text.length > room ? `${text.slice(0, room - 1)}…` : text);
  const lines = [
    `${header.service.padEnd(ws)}  ${header.name.padEnd(wn)}  ${header.status.padEnd(wst)}  ${header.duration.padStart(wd)}  ${header.message}`,
    ...rows.map(
      (r) =>
        `${r.service.padEnd(ws)}  ${r.name.padEnd(wn)}  ${paint(r.status, SYMBOLS[r.status].padEnd(wst))}  ${r.duration.padStart(wd)}  ${cut(r.message)}`,
    ),
  ];
  const problems = report.checks.filter((c) => c.status !== 'ok');
  if (problems.length > 0) {
    lines.push('', 'Remediation:');
    for (const c of problems) {
      lines.push(`  ${paint(c.status, SYMBOLS[c.status])} ${c.service} (${c.name}): ${c.message}`);
      lines.push(`       → ${c.remediation ?? 'see the message'}`);
    }
  }
  const counts = (['ok', 'warning', 'error', 'skipped'] as const)
    .map((s) => [s, report.checks.filter((c) => c.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const verdict =
    report.status === 'error' ? 'FAILED' : report.status === 'warning' ? 'passed with warnings' : 'passed';
  lines.push('', `preflight ${verdict}: ${counts || 'no checks selected'} in ${formatMs(report.duration_ms)}`);
  return `${lines.join('\n')}\n`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`;
}
