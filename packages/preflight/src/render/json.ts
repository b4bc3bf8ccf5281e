import type { PreflightReport } from '../report.js';

export function renderJson(report: PreflightReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
