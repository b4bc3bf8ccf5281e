import type { SqlDriver } from './driver.js';

/**
 * The catalog tables shared with PyIceberg's SqlCatalog and Java's JdbcCatalog (verified against
 * pyiceberg 0.12.0 `pyiceberg/catalog/sql.py`): iceberg_tables and iceberg_namespace_properties.
 */
export const CREATE_TABLES = [
  `CREATE TABLE IF NOT EXISTS iceberg_tables (
    catalog_name VARCHAR(255) NOT NULL,
    table_namespace VARCHAR(255) NOT NULL,
    table_name VARCHAR(255) NOT NULL,
    metadata_location VARCHAR(1000),
    previous_metadata_location VARCHAR(1000),
    iceberg_type VARCHAR(5),
    PRIMARY KEY (catalog_name, table_namespace, table_name)
  )`,
  `CREATE TABLE IF NOT EXISTS iceberg_namespace_properties (
    catalog_name VARCHAR(255) NOT NULL,
    namespace VARCHAR(255) NOT NULL,
    property_key VARCHAR(255) NOT NULL,
    property_value VARCHAR(1000) NOT NULL,
    PRIMARY KEY (catalog_name, namespace, property_key)
  )`,
];

/** Creates the tables when missing; returns whether iceberg_tables has the iceberg_type column (schema v1). */
export async function ensureCatalogTables(driver: SqlDriver): Promise<boolean> {
  for (const sql of CREATE_TABLES) {
    try {
      await driver.run(sql);
    } catch (error) {
      // another process created it concurrently (PostgreSQL reports a unique violation on pg_type)
      if ((error as { kind?: string }).kind !== 'AlreadyExists') throw error;
    }
  }
  try {
    await driver.all('SELECT iceberg_type FROM iceberg_tables WHERE 1 = 0');
    return true;
  } catch {
    return false;
  }
}
