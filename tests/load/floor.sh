#!/usr/bin/env bash
# The raw-PostgreSQL floors of BENCHMARKS.md: pgbench issuing what intake, a case view and a
# worklist page ask of the database (floor/*.sql), on the benchmark's own data, at the same 32
# connections. pgbench sends each statement by the simple protocol, which plans it every time;
# the server's statements are prepared and planned once a connection, so a statement that is
# costly to plan (the case view's) can run faster in the server than in its floor.
#
#   tests/load/floor.sh DATABASE SLUG [SECONDS]
#
# SLUG is a landlord of the generated data set (tests/load/run.sh uses its last one, so the
# rows the intake floors write do not touch the landlord the HTTP runs use). pgbench connects
# as postgres, which row-level security does not bind; the scripts still name the landlord
# with set_config, as the server does, so the statements are the same. Prints one line per
# floor: transactions a second and mean latency.
set -euo pipefail
cd "$(dirname "$0")"
DB="$1"
SLUG="$2"
SECONDS_EACH="${3:-30}"
q() { psql -h 127.0.0.1 -U postgres -d "$DB" -Atc "$1"; }
LID=$(q "SELECT id FROM landlords WHERE slug = '$SLUG'")
[ -n "$LID" ] || { echo "no landlord $SLUG in $DB" >&2; exit 1; }
SID=$(q "SELECT id FROM complaint_schemes WHERE landlord_id = '$LID' ORDER BY code LIMIT 1")
UID_=$(q "SELECT user_id FROM memberships WHERE landlord_id = '$LID' AND role = 'complaints_officer' AND active LIMIT 1")
PREFIX=$(q "SELECT reference_prefix FROM landlords WHERE id = '$LID'")
COUNT=$(q "SELECT count(*) FROM complaints WHERE landlord_id = '$LID' AND reference LIKE '$PREFIX-%'")
floor() {
  local out
  out=$(pgbench -h 127.0.0.1 -U postgres -n -c 32 -j 2 -T "$SECONDS_EACH" \
    -D lid="$LID" -D sid="$SID" -D uid="$UID_" -D slug="$SLUG" -D prefix="$PREFIX" -D count="$COUNT" \
    -f "floor/$2" "$DB" 2>&1)
  if grep -q "failed: [1-9]\|error" <<< "$out"; then
    echo "$out" >&2
    exit 1
  fi
  printf '%s: %s/s, mean %s ms\n' "$1" \
    "$(grep -oP '^tps = \K[0-9]+' <<< "$out")" \
    "$(grep -oP 'latency average = \K[0-9.]+' <<< "$out")"
}
floor "floor: intake, statement by statement" intake-by-statement.sql
floor "floor: intake, one round trip" intake-one-round-trip.sql
floor "floor: intake, statement by statement, number taken first" intake-number-first.sql
floor "floor: case view, statement by statement (as before docs/decisions/0009)" case-view-by-statement.sql
floor "floor: case view, the case in one statement" case-view-one-statement.sql
floor "floor: case view, complaint and stages in one query" case-view-one-query.sql
floor "floor: worklist page, statement by statement" worklist-by-statement.sql
