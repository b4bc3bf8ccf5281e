// Build-time step of docker/Dockerfile.cube: installs the DuckDB extensions floe's Cube reads through (S3 over
// httpfs, Iceberg, AWS credential chain) into $HOME/.duckdb/extensions for the exact DuckDB of @duckdb/node-api,
// so pods never download extensions at run time. Extensions are version-bound, which is why they are installed with
// the DuckDB the image runs, not from the PyPI duckdb-ext-* wheels (built for another DuckDB release).
import { DuckDBInstance } from '@duckdb/node-api';

const extensions = (process.argv[2] ?? 'httpfs,iceberg,aws').split(',');
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
for (const name of extensions) {
  await connection.run(`INSTALL ${name}`);
  await connection.run(`LOAD ${name}`);
  console.log(`installed DuckDB extension ${name}`);
}
const reader = await connection.runAndReadAll('SELECT version()');
console.log(`DuckDB ${String(reader.getRows()[0]?.[0])}`);
