#!/bin/sh
# Runs once, when the PostgreSQL volume is first initialised (docker-entrypoint-initdb.d):
# creates the role `redress`, which is not a superuser, and the database `redress` it owns,
# and the role `redress_server` the servers connect as: it owns nothing and does not bypass
# row-level security. Migrations run as the owner, which then grants `redress_server` the
# rows it may read and write (see deploy/README.md, "Database roles").
set -eu
: "${POSTGRES_OWNER_PASSWORD:?POSTGRES_OWNER_PASSWORD is not set}"
: "${POSTGRES_SERVER_PASSWORD:?POSTGRES_SERVER_PASSWORD is not set}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$POSTGRES_OWNER_PASSWORD" \
  -v server_password="$POSTGRES_SERVER_PASSWORD" <<'SQL'
CREATE ROLE redress LOGIN PASSWORD :'owner_password';
CREATE ROLE redress_server LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE
  PASSWORD :'server_password';
CREATE DATABASE redress OWNER redress;
REVOKE ALL ON DATABASE redress FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE redress TO redress_server;
SQL
