#!/bin/sh
# Runs once, when the data directory is initialised: one database per service (Dagster, Polaris, Marquez).
set -eu
for db in $FLOE_DATABASES; do
  echo "creating database $db"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -c "CREATE DATABASE \"$db\""
done
