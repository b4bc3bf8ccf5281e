import { exposeBronzeViews, publishModels, withCatalog } from '@floe/runtime';
import type { Command } from 'commander';
import { type Io, printJson, processIo } from '../output.js';
import { addProjectOptions, loadProjectFromOptions, type ProjectOptions } from '../project-options.js';

interface PublishOptions extends ProjectOptions {
  bronzeViews?: boolean;
}

/** `floe publish [dir]`: the configured dbt models → Iceberg tables in silver/gold (atomic overwrite per table). */
export function register(program: Command, io: Io = processIo): void {
  addProjectOptions(
    program
      .command('publish')
      .description(
        'publish the dbt models listed in floe.yaml as Iceberg tables (silver/gold), one atomic overwrite each',
      )
      .option(
        '--bronze-views',
        'instead: expose the current bronze Iceberg snapshots as DuckDB views in the dbt warehouse (run before dbt)',
      ),
  ).action(async (dir: string | undefined, opts: PublishOptions) => {
    const loaded = await loadProjectFromOptions({ ...opts, dir, write: true });
    if (opts.bronzeViews) {
      const views = await withCatalog(loaded, (catalog) => exposeBronzeViews(loaded, catalog));
      if (opts.json) return printJson(io, { views });
      for (const v of views)
        io.stdout(`${v.view} → ${v.table} @ snapshot ${v.snapshot_id ?? '(empty)'} (${v.rows} rows)\n`);
      if (views.length === 0) io.stdout('no bronze tables yet\n');
      return;
    }
    const progress = io.isTTY && !opts.json ? (line: string) => io.stderr(`${line}\n`) : undefined;
    const result = await withCatalog(loaded, (catalog) =>
      publishModels(loaded, catalog, progress ? { onProgress: progress } : {}),
    );
    if (opts.json) return printJson(io, result);
    if (result.message) io.stdout(`${result.message}\n`);
    for (const t of result.tables) io.stdout(`${t.model} → ${t.table}: ${t.rows} rows, snapshot ${t.snapshot_id}\n`);
  });
}
