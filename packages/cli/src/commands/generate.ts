import { type CompiledSource, inputError, type LoadedProject } from '@floe/core';
import { formatTableIdentifier } from '@floe/iceberg';
import { type ExposedView, exposeBronzeViews, withCatalog } from '@floe/runtime';
import {
  DATASETS,
  datasetByName,
  FileSink,
  type GenerateOptions,
  type GenerateResult,
  generate,
  IcebergSink,
  parseDefects,
  parseDuration,
  type Sink,
} from '@floe/synthetic';
import type { Command } from 'commander';
import { type Io, printJson, processIo } from '../output.js';
import { addProjectOptions, loadProjectFromOptions, type ProjectOptions } from '../project-options.js';

const TARGETS = ['iceberg', 'parquet', 'csv', 'jsonl'] as const;
type Target = (typeof TARGETS)[number];

interface GenerateCliOptions extends ProjectOptions {
  rows?: string;
  duration?: string;
  mode?: string;
  seed?: string;
  defects?: string;
  nullColumns?: string;
  rate?: string;
  timezone?: string;
  end?: string;
  target?: string;
  out?: string;
  rowsPerFile?: string;
  bronzeViews?: boolean;
}

function integer(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < min) throw inputError(`${flag} must be an integer ≥ ${min}, got "${value}"`);
  return n;
}

/** The compiled source `floe generate <name>` refers to: by source name, else by dataset. */
function findSource(loaded: LoadedProject, name: string): CompiledSource {
  const sources = loaded.artifacts.sources;
  const source = sources.find((s) => s.name === name) ?? sources.find((s) => s.dataset === name);
  if (!source) {
    throw inputError(`floe.yaml has no source named or generating "${name}"`, {
      file: loaded.artifacts.project.floe_file,
      hint: sources.length
        ? `use one of: ${sources.map((s) => s.name).join(', ')}`
        : 'add one under sources: (name, dataset, rows, mode, defects)',
    });
  }
  return source;
}

/** Generation options: the compiled source's settings (iceberg target), overridden by flags. */
function buildOptions(opts: GenerateCliOptions, source: CompiledSource | undefined): GenerateOptions {
  const mode = opts.mode ?? source?.mode ?? 'burst';
  if (mode !== 'burst' && mode !== 'realistic') throw inputError(`--mode must be burst or realistic, got "${mode}"`);
  const options: GenerateOptions = { mode };
  const seed = integer(opts.seed, '--seed', 0) ?? source?.seed;
  if (seed !== undefined) options.seed = seed;
  // burst: rows to generate; realistic: the most one run generates (a long catch-up stays bounded).
  const rows = integer(opts.rows, '--rows', 0);
  if (rows !== undefined) options.rows = rows;
  else if (mode === 'burst' && source) options.rows = source.rows;
  if (opts.duration) options.durationMs = parseDuration(opts.duration, '--duration');
  const rate = opts.rate === undefined ? undefined : Number(opts.rate);
  if (rate !== undefined && !(rate > 0))
    throw inputError(`--rate must be a positive number of rows per hour, got "${opts.rate}"`);
  if (rate !== undefined) options.ratePerHour = rate;
  else if (source?.rows_per_second) options.ratePerHour = source.rows_per_second * 3600;
  const timeZone = opts.timezone ?? source?.timezone;
  if (timeZone) options.timeZone = timeZone;
  if (opts.end) {
    const end = Date.parse(opts.end);
    if (Number.isNaN(end))
      throw inputError(`--end must be an ISO date-time such as 2026-11-20T18:00:00Z, got "${opts.end}"`);
    options.endMs = end;
  }
  const nullColumns = opts.nullColumns
    ? opts.nullColumns
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean)
    : [];
  if (opts.defects !== undefined) options.defects = parseDefects(opts.defects, nullColumns);
  else if (source) {
    const d = source.defects;
    options.defects = parseDefects(`nulls=${d.nulls},duplicates=${d.duplicates},late=${d.late}`, nullColumns);
  } else if (nullColumns.length) options.defects = parseDefects('', nullColumns);
  return options;
}

function printHuman(io: Io, result: GenerateResult, names: Map<string, string>): void {
  io.stdout(
    `generated ${result.dataset} (${result.mode}, seed ${result.seed}) into ${result.sink} ${result.location}\n` +
      `  window ${result.window.start} → ${result.window.end}\n`,
  );
  for (const t of result.tables) {
    const snapshot = t.snapshotId ? `, snapshot ${t.snapshotId}` : '';
    io.stdout(
      `  ${(names.get(t.table) ?? t.table).padEnd(24)} ${String(t.rows).padStart(12)} rows in ${t.files} file(s)${snapshot}\n`,
    );
  }
  const rows = result.tables.reduce((s, t) => s + t.rows, 0);
  const seconds = Math.max(result.timings.totalMs, 1) / 1000;
  io.stdout(`  ${rows} rows in ${seconds.toFixed(2)} s (${Math.round(rows / seconds)} rows/s)\n`);
}

function jsonDocument(result: GenerateResult, names: Map<string, string>) {
  return {
    dataset: result.dataset,
    target: result.sink,
    location: result.location,
    mode: result.mode,
    seed: result.seed,
    window: result.window,
    tables: result.tables.map((t) => ({
      table: t.table,
      ...(names.has(t.table) ? { identifier: names.get(t.table) } : {}),
      rows: t.rows,
      files: t.files,
      bytes: t.bytes,
      snapshot_id: t.snapshotId ?? null,
    })),
    state: result.state,
    timings_ms: { generate: result.timings.generateMs, commit: result.timings.commitMs, total: result.timings.totalMs },
  };
}

/** A progress line on stderr, at most every 200 ms (TTY only). */
function progressReporter(io: Io, enabled: boolean): ((done: number, planned: number) => void) | undefined {
  if (!enabled) return undefined;
  let last = 0;
  return (done, planned) => {
    const now = Date.now();
    if (now - last < 200 && done < planned) return;
    last = now;
    const pct = planned > 0 ? Math.floor((done / planned) * 100) : 100;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    io.stderr(`\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% ${done}/${planned} rows`);
    if (done >= planned) io.stderr('\n');
  };
}

/** `floe generate <dataset>`: synthetic data appended to Iceberg bronze, or written as Parquet/CSV/JSONL files. */
export function register(program: Command, io: Io = processIo): void {
  addProjectOptions(
    program
      .command('generate')
      .description(
        'generate realistic synthetic data (continuing where the target stopped) into the bronze Iceberg tables or files',
      )
      .argument('<dataset>', `dataset or source name (${[...DATASETS.keys()].join(', ')})`)
      .option('-n, --rows <n>', 'rows of the main table (orders, events); in realistic mode the most one run generates')
      .option(
        '--duration <d>',
        'time window: burst spreads rows over it (default 7d), realistic generates this much time (default 5m)',
      )
      .option(
        '--mode <mode>',
        'burst (N rows as fast as possible) or realistic (rows per interval following the daily pattern)',
      )
      .option('--seed <n>', 'random seed; same seed, options and starting state give identical rows')
      .option('--defects <spec>', 'data-quality defects, e.g. nulls=0.02,duplicates=0.01,late=0.05')
      .option('--null-columns <list>', 'columns that receive nulls, e.g. orders.channel,customers.email')
      .option('--rate <n>', 'realistic mode: average rows per hour (the daily pattern modulates it)')
      .option('--timezone <tz>', 'IANA time zone of the daily pattern (default UTC)')
      .option('--end <time>', 'window end as ISO date-time (default now); fix it for reproducible timestamps')
      .option('-t, --target <target>', `where to write: ${TARGETS.join(', ')} (default iceberg, or parquet with --out)`)
      .option('-o, --out <dir>', 'output directory for file targets (one sub-folder per table)')
      .option('--rows-per-file <n>', 'main-table rows per data file (default 524288)')
      .option(
        '--bronze-views',
        'iceberg target: then expose the new bronze snapshots as DuckDB views for dbt (as `floe publish --bronze-views`)',
      ),
  ).action(async (name: string, dir: string | undefined, opts: GenerateCliOptions) => {
    const target = (opts.target ?? (opts.out ? 'parquet' : 'iceberg')) as Target;
    if (!TARGETS.includes(target))
      throw inputError(`--target must be one of ${TARGETS.join(', ')}, got "${opts.target}"`);
    const rowsPerFile = integer(opts.rowsPerFile, '--rows-per-file', 1);
    const onProgress = progressReporter(io, io.isTTY && !opts.json);
    const names = new Map<string, string>();
    let result: GenerateResult;
    let views: ExposedView[] | undefined;
    if (opts.bronzeViews && target !== 'iceberg')
      throw inputError('--bronze-views applies to the iceberg target', {
        hint: 'drop --bronze-views, or --target iceberg',
      });
    if (target === 'iceberg') {
      if (opts.out) throw inputError('--out applies to file targets', { hint: 'drop --out, or add --target parquet' });
      const loaded = await loadProjectFromOptions({ ...opts, dir });
      const source = findSource(loaded, name);
      const dataset = datasetByName(source.dataset);
      const options = buildOptions(opts, source);
      const namespace = source.namespace.split('.');
      result = await withCatalog(loaded, async (catalog) => {
        const sink = new IcebergSink({ catalog, namespace, tablePrefix: source.table_prefix });
        for (const t of dataset.tables) names.set(t.name, formatTableIdentifier(sink.identifier(t)));
        const generated = await generate({
          dataset,
          sink,
          options,
          ...(rowsPerFile ? { rowsPerFile } : {}),
          ...(onProgress ? { onProgress } : {}),
        });
        // One process for both: the pipeline's dbt step then finds the views current and skips its own refresh.
        if (opts.bronzeViews) views = await exposeBronzeViews(loaded, catalog);
        return generated;
      });
    } else {
      if (!opts.out) throw inputError(`--target ${target} needs --out <dir>`, { hint: 'e.g. --out data/synthetic' });
      const dataset = datasetByName(name);
      const sink: Sink = new FileSink(opts.out, target);
      result = await generate({
        dataset,
        sink,
        options: buildOptions(opts, undefined),
        ...(rowsPerFile ? { rowsPerFile } : {}),
        ...(onProgress ? { onProgress } : {}),
      });
    }
    if (opts.json) return printJson(io, { ...jsonDocument(result, names), ...(views ? { views } : {}) });
    printHuman(io, result, names);
    for (const v of views ?? []) io.stdout(`  view ${v.view} → snapshot ${v.snapshot_id ?? '(empty)'}\n`);
  });
}
