#!/bin/sh
# Runs once, when the PostgreSQL volume is first initialised (docker-entrypoint-initdb.d):
# creates the role `redress`, which is not a superuser, and the database `redress` it owns.
# Migrations run as this owner; so does the server for now (see deploy/README.md, "Database
# roles").
set -eu
: "${POSTGRES_OWNER_PASSWORD:?POSTGRES_OWNER_PASSWORD is not set}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$POSTGRES_OWNER_PASSWORD" <<'SQL'
CREATE ROLE redress LOGIN PASSWORD :'owner_password';
CREATE DATABASE redress OWNER redress;
REVOKE ALL ON DATABASE redress FROM PUBLIC;
SQL
