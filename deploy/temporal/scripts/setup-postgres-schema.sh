#!/bin/sh
# Creates and migrates Temporal's two PostgreSQL databases (persistence + visibility).
#
# Runs in the temporalio/admin-tools image (service `temporal-schema-setup` in docker-compose.yml),
# before the server starts. Idempotent: `create-database` ignores an existing database,
# `setup-schema -v 0.0` skips a database already past 0.0, and `update-schema` applies only the
# versioned migrations not yet applied — so it also upgrades the schema after a server image bump.
#
# temporal-sql-tool reads its connection from SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER and
# SQL_PASSWORD (set by docker-compose.yml); the database is chosen per command with --db.
set -eu

: "${SQL_PLUGIN:?SQL_PLUGIN must be set (postgres12)}"
: "${SQL_HOST:?SQL_HOST must be set}"
: "${SQL_PORT:=5432}"
: "${SQL_USER:?SQL_USER must be set}"
: "${SQL_PASSWORD:?SQL_PASSWORD must be set}"
: "${TEMPORAL_DB:=temporal}"
: "${TEMPORAL_VISIBILITY_DB:=temporal_visibility}"
SCHEMA_ROOT=/etc/temporal/schema/postgresql/v12

attempt=1
until nc -z -w 5 "$SQL_HOST" "$SQL_PORT"; do
  if [ "$attempt" -ge 30 ]; then
    echo "setup-postgres-schema: PostgreSQL at $SQL_HOST:$SQL_PORT is not reachable" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

migrate() {
  db=$1
  dir=$2
  echo "setup-postgres-schema: database $db (schema $dir)"
  temporal-sql-tool --db "$db" create-database
  temporal-sql-tool --db "$db" setup-schema -v 0.0
  temporal-sql-tool --db "$db" update-schema -d "$SCHEMA_ROOT/$dir/versioned"
}

migrate "$TEMPORAL_DB" temporal
migrate "$TEMPORAL_VISIBILITY_DB" visibility
echo "setup-postgres-schema: done"
