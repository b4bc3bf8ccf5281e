// Installs DuckDB extension files (from PyPI's duckdb-extension-* wheels) into an extension directory, then loads
// each in a fresh instance with signature checks on. Usage: node install-duckdb-extensions.mjs <dir> <version> <file>...
import { DuckDBInstance } from '@duckdb/node-api';

const [dir, version, ...files] = process.argv.slice(2);
const quote = (s) => `'${s.replace(/'/g, "''")}'`;
const config = { extension_directory: dir, autoinstall_known_extensions: 'false' };
const install = await (await DuckDBInstance.create(':memory:', config)).connect();
const actual = (await install.runAndReadAll('SELECT version()')).getRows()[0][0];
if (actual !== `v${version}`) {
  console.error(
    `DuckDB is ${actual}, the extensions are for v${version}: align @duckdb/node-api and mk/duckdb-extensions.mk`,
  );
  process.exit(1);
}
for (const file of files) await install.run(`INSTALL ${quote(file)}`);
install.closeSync();
const check = await (await DuckDBInstance.create(':memory:', config)).connect();
for (const file of files) {
  const name = file
    .split('/')
    .pop()
    .replace(/\.duckdb_extension$/, '');
  await check.run(`LOAD ${name}`);
}
const loaded = await check.runAndReadAll('SELECT extension_name FROM duckdb_extensions() WHERE loaded ORDER BY 1');
console.log(
  `DuckDB ${version} extensions in ${dir}: ${loaded
    .getRows()
    .map((r) => r[0])
    .join(', ')}`,
);
