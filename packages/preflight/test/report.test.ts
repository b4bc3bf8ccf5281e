import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/redactor.js';
import { renderJson, renderTable } from '../src/render/index.js';
import { type PreflightReport, preflightReportJsonSchema, preflightReportSchema } from '../src/report.js';

const report: PreflightReport = {
  version: 1,
  status: 'error',
  started_at: '2026-11-22T20:00:00.000Z',
  duration_ms: 1234,
  platform: 'platform/k8s.yaml',
  checks: [
    {
      service: 'compute/default',
      name: 'compute.duckdb',
      status: 'ok',
      message: 'DuckDB works',
      remediation: null,
      duration_ms: 40,
      details: {},
    },
    {
      service: 'storage/lake',
      name: 'storage.s3',
      status: 'error',
      message: 'bucket "x" does not exist',
      remediation: 'Create the bucket.',
      duration_ms: 1200,
      details: { failure: 'not-found' },
    },
    {
      service: 'catalog/polaris',
      name: 'catalog.rest',
      status: 'warning',
      message: 'namespace gold missing',
      remediation: 'Create it.',
      duration_ms: 300,
      details: {},
    },
  ],
};

describe('report format', () => {
  it('JSON output validates against the zod schema and the generated JSON Schema has the documented fields', () => {
    expect(preflightReportSchema.safeParse(JSON.parse(renderJson(report))).success).toBe(true);
    const schema = preflightReportJsonSchema();
    expect(schema.$id).toBe('https://floe.dev/schemas/v1/preflight-report.schema.json');
    expect(Object.keys(schema.properties as object)).toEqual([
      'version',
      'status',
      'started_at',
      'duration_ms',
      'platform',
      'checks',
    ]);
    expect(schema.required).toEqual(['version', 'status', 'started_at', 'duration_ms', 'platform', 'checks']);
  });

  it('rejects a report with an unknown status or a missing field', () => {
    expect(preflightReportSchema.safeParse({ ...report, status: 'fine' }).success).toBe(false);
    const { checks, ...rest } = report;
    expect(preflightReportSchema.safeParse(rest).success).toBe(false);
    expect(checks).toHaveLength(3);
  });

  it('table: one row per check, coloured statuses on a TTY, remediations below for every non-ok check', () => {
    const plain = renderTable(report, { colour: false });
    expect(plain).toMatch(/storage\/lake\s+storage\.s3\s+FAIL\s+1\.2s\s+bucket "x" does not exist/);
    expect(plain.split('Remediation:')[1]).toContain('→ Create the bucket.');
    expect(plain.split('Remediation:')[1]).toContain('→ Create it.');
    expect(plain.split('Remediation:')[1]).not.toContain('DuckDB works');
    expect(plain).toContain('preflight FAILED: 1 ok, 1 warning, 1 error');
    expect(plain).not.toContain('\x1b[');
    const coloured = renderTable(report, { colour: true });
    expect(coloured).toContain('\x1b[31mFAIL');
    expect(coloured).toContain('\x1b[33mWARN');
  });
});

describe('redactor', () => {
  it('scrubs values and their URL-encoded, base64 and JSON-escaped forms; leaves short values alone', () => {
    const secret = 'p@ss/word"with\\quotes';
    const redact = createRedactor([secret, 'abc']);
    const text = `raw ${secret} url ${encodeURIComponent(secret)} b64 ${Buffer.from(secret).toString('base64')} json ${JSON.stringify(secret)} short abc`;
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(out).not.toContain(Buffer.from(secret).toString('base64').replace(/=+$/, ''));
    expect(out).toContain('short abc');
  });
});
