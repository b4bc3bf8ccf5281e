import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { compiledArtifactsSchema } from '../src/index.js';
import { type CheckResult, check } from '../src/testing/fixtures.js';

/** FLOE_FUZZ_RUNS raises the run count for a deeper local search. */
const RUNS = Number(process.env.FLOE_FUZZ_RUNS ?? 1000);
const demo = resolve(import.meta.dirname, '../../../demo');
const floeText = readFileSync(resolve(demo, 'floe.yaml'), 'utf8');
const platformTexts = ['local.yaml', 'k8s.yaml'].map((f) => readFileSync(resolve(demo, 'platform', f), 'utf8'));

/** The property: any input gives artifacts that match the schema, or located diagnostics; nothing else. */
function assertClean(result: CheckResult): void {
  if (result.ok) {
    expect(compiledArtifactsSchema.safeParse(result.artifacts).success).toBe(true);
    return;
  }
  expect(result.diagnostics.length).toBeGreaterThan(0);
  for (const d of result.diagnostics) {
    expect(d.file === 'floe.yaml' || d.file === 'platform.yaml').toBe(true);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.message).not.toMatch(/\n\s+at /);
  }
}

const textMutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom(':', '- ', '  ', '\n', '"', "'", '[', '{', '&a', '*a', '!!binary ', '? ', '#', '\t', '|'),
    ),
  }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
);
type TextMutation = typeof textMutation extends fc.Arbitrary<infer T> ? T : never;

function applyText(text: string, m: TextMutation): string {
  if (m.kind === 'delete') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + text.slice(at + m.length);
  }
  if (m.kind === 'insert') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + m.text + text.slice(at);
  }
  const lines = text.split('\n');
  const a = m.a % lines.length;
  const b = m.b % lines.length;
  [lines[a], lines[b]] = [lines[b]!, lines[a]!];
  return lines.join('\n');
}

/** Every path to a value inside a parsed document. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...paths(v, [...prefix, i]));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  }
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown, remove: boolean): unknown {
  if (path.length === 0) return value;
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
  const key = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof key === 'number') {
    if (remove) parent.splice(key, 1);
    else parent[key] = value;
  } else if (parent !== null && typeof parent === 'object') {
    const record = parent as Record<string, unknown>;
    if (remove) delete record[key];
    else record[key] = value;
  }
  return root;
}

const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('default', 'env:X', 'secret:a/b', 'file:/x', 'hunter2', '*/5 * * * *', 'sqlite:x.db', 's3', 'rest'),
  fc.constantFrom(-1, 0, 1, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER, null, true, [], {}),
);

const structural = fc.record({
  target: fc.constantFrom('floe' as const, 'platform' as const),
  platform: fc.nat(),
  pick: fc.nat(),
  remove: fc.boolean(),
  addKey: fc.option(fc.string({ minLength: 1, maxLength: 6 }), { nil: undefined }),
  value: anyValue,
});

describe('fuzz: mutated configurations always give artifacts or a clean FloeError', () => {
  it('survives thousands of text mutations of the demo files', () => {
    fc.assert(
      fc.property(
        fc.array(textMutation, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.nat(),
        (mutations, mutateFloe, which) => {
          const platformText = platformTexts[which % platformTexts.length]!;
          let text = mutateFloe ? floeText : platformText;
          for (const m of mutations) text = applyText(text, m);
          assertClean(mutateFloe ? check(text, platformText) : check(floeText, text));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('survives thousands of structural mutations (wrong types, removed and unknown fields)', () => {
    fc.assert(
      fc.property(fc.array(structural, { minLength: 1, maxLength: 3 }), (mutations) => {
        let floe: unknown = parse(floeText);
        let platform: unknown = parse(platformTexts[(mutations[0]?.platform ?? 0) % platformTexts.length]!);
        for (const m of mutations) {
          const doc = m.target === 'floe' ? floe : platform;
          const all = paths(doc);
          const path = all[m.pick % all.length]!;
          const mutated = setAt(doc, m.addKey && !m.remove ? [...path, m.addKey] : path, m.value, m.remove);
          if (m.target === 'floe') floe = mutated;
          else platform = mutated;
        }
        assertClean(check(stringify(floe ?? null), stringify(platform ?? null)));
      }),
      { numRuns: RUNS },
    );
  });
});
