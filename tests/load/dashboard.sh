#!/usr/bin/env bash
# The oversight benchmark of BENCHMARKS.md: the dashboard for a year and TSM CH01/CH02 for one
# landlord with about 100,000 complaints in that year, on PostgreSQL holding a million
# complaints, measured with wrk from a separate process.
#
#   tests/load/dashboard.sh
#
# The data set `redress_bench_dash` is made from `redress_bench` (tests/load/run.sh makes it:
# 200 landlords of 5,000 complaints over two years) by merging the complaints of gen-2 to
# gen-40 into gen-1: 200,000 complaints over two years, about 100,000 of them in the last
# year, with 160,000 homes; 161 landlords and 1,000,000 complaints in all. Any data set of at
# least 40 landlords of 5,000 complaints serves (`redress generate --landlords 40
# --complaints 200000 --copy` makes the smallest: gen-1 is the same, with fewer others).
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${REDRESS_BENCH_PORT:-18091}"
DB=redress_bench_dash
URL="postgres://postgres@127.0.0.1:5432/$DB"
export REDRESS_LOAD_DIR="$PWD/tests/load"
work="$(mktemp -d)"

# REDRESS_BIN runs a binary built elsewhere (to compare two builds on one data set).
if [ -n "${REDRESS_BIN:-}" ]; then
  bin="$REDRESS_BIN"
else
  cargo build --release --locked -p redress-server --bin redress
  bin=target/release/redress
fi
if ! psql -h 127.0.0.1 -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE \"$DB\" TEMPLATE redress_bench"
  psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -q <<'SQL'
SET session_replication_role = replica;
CREATE TEMP TABLE merged AS SELECT id FROM landlords WHERE slug IN (SELECT 'gen-' || g FROM generate_series(2, 40) g);
CREATE TEMP TABLE big AS SELECT id FROM landlords WHERE slug = 'gen-1';
UPDATE complaints SET scheme_id = (SELECT cs.id FROM complaint_schemes cs WHERE cs.landlord_id = (SELECT id FROM big) ORDER BY cs.code LIMIT 1) WHERE landlord_id IN (SELECT id FROM merged);
UPDATE complaints SET landlord_id = (SELECT id FROM big) WHERE landlord_id IN (SELECT id FROM merged);
UPDATE complaint_stages SET landlord_id = (SELECT id FROM big) WHERE landlord_id IN (SELECT id FROM merged);
UPDATE complaint_events SET landlord_id = (SELECT id FROM big) WHERE landlord_id IN (SELECT id FROM merged);
UPDATE remedies SET landlord_id = (SELECT id FROM big) WHERE landlord_id IN (SELECT id FROM merged);
UPDATE outstanding_actions SET landlord_id = (SELECT id FROM big) WHERE landlord_id IN (SELECT id FROM merged);
UPDATE residents SET landlord_id = (SELECT id FROM big) WHERE landlord_id IN (SELECT id FROM merged);
UPDATE correspondence SET landlord_id = (SELECT id FROM big) WHERE landlord_id IN (SELECT id FROM merged);
UPDATE landlords SET homes_low_cost_rental = 160000 WHERE id = (SELECT id FROM big);
-- The records were moved under the roll-up's feet: let the server rebuild it.
DELETE FROM performance_days;
DELETE FROM performance_rollups;
SQL
  # The merge rewrote 800,000 rows: clear the dead versions and refresh the statistics, as
  # autovacuum would in time.
  psql -h 127.0.0.1 -U postgres -d "$DB" -qc "VACUUM ANALYZE"
fi
psql -h 127.0.0.1 -U postgres -d "$DB" -Atc "SELECT count(*) || ' complaints in all; gen-1: ' || count(*) FILTER (WHERE l.slug = 'gen-1') FROM complaints c JOIN landlords l ON l.id = c.landlord_id"

REDRESS_ACCESS_TOKEN_MINUTES=600 REDRESS_LOG_FORMAT=json RUST_LOG=warn REDRESS_RUN_SCHEDULER=false \
  "$bin" --database-url "$URL" --data-dir "$work" --listen "127.0.0.1:$PORT" serve &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 1; done

export REDRESS_SLUG=gen-1
export REDRESS_TOKEN="$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" \
  -H 'content-type: application/json' \
  -d '{"email": "officer@gen-1.example.org", "password": "redress-demo-2026"}' |
  python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])')"
to="$(date +%F)"
from="$(date -d "$to - 1 year + 1 day" +%F)"
year="$(( $(date -d "$to - 3 months" +%Y) - 1 ))"
# The first read builds the landlord's performance roll-up from the records (rollup::ensure);
# time it, then measure the reads that follow.
echo "== first read, building the roll-up: $(curl -sf -o /dev/null -w '%{time_total}' \
  -H "authorization: Bearer $REDRESS_TOKEN" \
  "http://127.0.0.1:$PORT/api/v1/landlords/gen-1/tsm?year=$year") s"
run() {
  echo "== $1, $3 connection(s)"
  REDRESS_PATH="$2" wrk -t"$3" -c"$3" -d20s --timeout 10s --latency -s tests/load/get.lua "http://127.0.0.1:$PORT" |
    grep -E "^requests:|^p[0-9]+:|Non-2xx|Requests/sec|  (50|90|99)%"
}
for c in 1 4; do
  run "dashboard for a year ($from to $to)" "dashboard?from=$from&to=$to" "$c"
  run "tsm for the financial year $year (the last complete one)" "tsm?year=$year" "$c"
done
echo "== peak server memory: $(grep VmHWM /proc/$server/status)"
