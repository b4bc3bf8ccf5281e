/**
 * One measured run in its own process (so its peak RSS is its own):
 *   child.ts <parquet|iceberg|baseline> <orders> <dir>
 * Prints one JSON line: orders, total rows, seconds, peak RSS.
 */
import { createSqlCatalog } from '@floe/iceberg';
import { FileSink, generate, IcebergSink, type Sink } from '@floe/synthetic';
import { baseline } from './baseline.js';

const [kind, ordersArg, dir] = process.argv.slice(2);
const orders = Number(ordersArg);
const END = Date.UTC(2026, 10, 20);

async function main(): Promise<void> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let total = orders;
  if (kind === 'baseline') {
    const r = await baseline(orders, dir!);
    total = r.orders + r.items;
  } else {
    const catalog =
      kind === 'iceberg'
        ? createSqlCatalog({ name: 'bench', uri: `sqlite://${dir}/catalog.db`, warehouse: `file://${dir}/warehouse` })
        : null;
    const sink: Sink = catalog
      ? new IcebergSink({ catalog, namespace: ['bronze'], tablePrefix: 'raw_' })
      : new FileSink(dir!, 'parquet');
    try {
      const result = await generate({ dataset: 'ecommerce', sink, options: { rows: orders, endMs: END, seed: 42 } });
      total = result.tables.reduce((s, t) => s + t.rows, 0);
    } finally {
      await catalog?.close();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ kind, orders, total, seconds, cpuSeconds, maxRssMb })}\n`);
}

await main();
