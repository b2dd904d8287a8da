#!/usr/bin/env bash
# The HTTP benchmark of BENCHMARKS.md: complaint intake, case view and worklist pages on
# PostgreSQL, measured with wrk from a separate process on this machine.
#
#   tests/load/run.sh [LANDLORDS] [COMPLAINTS]      (defaults: 200 1000000)
#
# Needs wrk (apt-get install wrk) and PostgreSQL on 127.0.0.1:5432 (user postgres). It builds
# the release binary, generates the data set into the database `redress_bench` (kept between
# runs: delete it to regenerate; the first landlord's history goes through the domain rules and
# is copied to the others with fresh ids), serves it, and runs each scenario for 30 s at 32
# connections (REDRESS_BENCH_SECONDS to change). Peak server memory is read from /proc (VmHWM).
# Then tests/load/floor.sh runs pgbench with what the same requests ask of the database, for
# the raw-PostgreSQL floor beside each figure (REDRESS_BENCH_NO_FLOOR=1 skips it).
# REDRESS_BIN=path serves that binary instead of building this tree's.
# The server connects as a role bound by row-level security, as in production.
set -euo pipefail
cd "$(dirname "$0")/../.."
LANDLORDS="${1:-200}"
COMPLAINTS="${2:-1000000}"
PORT="${REDRESS_BENCH_PORT:-18090}"
DB="${REDRESS_BENCH_DB:-redress_bench}"
URL="postgres://postgres@127.0.0.1:5432/$DB"
# The server runs as production's does: a role that owns nothing, bound by row-level security
# (deploy/README.md, "Database roles"); the owner (postgres here) generates and migrates.
SERVER_ROLE=redress_bench_server
SERVER_URL="postgres://$SERVER_ROLE@127.0.0.1:5432/$DB"
SECONDS_EACH="${REDRESS_BENCH_SECONDS:-30}"
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
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE \"$DB\""
fi
psql -h 127.0.0.1 -U postgres -qc "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$SERVER_ROLE') THEN CREATE ROLE $SERVER_ROLE LOGIN NOSUPERUSER NOBYPASSRLS; END IF; END \$\$"
/usr/bin/time -v "$bin" --database-url "$URL" --data-dir "$work" generate \
  --landlords "$LANDLORDS" --complaints "$COMPLAINTS" --copy 2> "$work/generate.time"
grep -E "Elapsed|Maximum resident" "$work/generate.time"
psql -h 127.0.0.1 -U postgres -d "$DB" -Atc "SELECT count(*) || ' complaints, ' || count(DISTINCT landlord_id) || ' landlords' FROM complaints"

# Every run starts with no landlord's roll-up built (it is rebuilt from the records when read).
psql -h 127.0.0.1 -U postgres -d "$DB" -qc "DELETE FROM performance_rollups"

REDRESS_ACCESS_TOKEN_MINUTES=600 REDRESS_LOG_FORMAT=json RUST_LOG=warn REDRESS_RUN_SCHEDULER=false \
  REDRESS_MIGRATION_DATABASE_URL="$URL" \
  "$bin" --database-url "$SERVER_URL" --data-dir "$work" --listen "127.0.0.1:$PORT" serve &
server=$!
# Wait for the server to stop before removing its directory: it may still be writing mail.
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 1; done

export REDRESS_SLUG=gen-1
export REDRESS_TOKEN="$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" \
  -H 'content-type: application/json' \
  -d '{"email": "officer@gen-1.example.org", "password": "redress-demo-2026"}' |
  python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])')"
export REDRESS_IDS="$work/ids.txt"
psql -h 127.0.0.1 -U postgres -d "$DB" -Atc \
  "SELECT c.id FROM complaints c JOIN landlords l ON l.id = c.landlord_id WHERE l.slug = 'gen-1' ORDER BY random() LIMIT 2000" > "$REDRESS_IDS"
# A cursor deep in the worklist: the id after which the last page but one starts.
deep="$(psql -h 127.0.0.1 -U postgres -d "$DB" -Atc \
  "SELECT c.id FROM complaints c JOIN landlords l ON l.id = c.landlord_id WHERE l.slug = 'gen-1' ORDER BY c.id ASC OFFSET 100 LIMIT 1")"

run() {
  echo "== $1"
  wrk -t2 -c32 -d"${SECONDS_EACH}s" --latency -s "tests/load/$2" "http://127.0.0.1:$PORT" | grep -E "^requests:|^p[0-9]+:|Non-2xx"
}
run "case view (GET complaints/{id})" case_view.lua
run "worklist, first page (GET complaints?limit=50)" worklist.lua
REDRESS_CURSOR="$deep" run "worklist, a page deep in the cursor" worklist.lua
# The portal's worklist: the open view, what is due soonest first, and its views' counts.
REDRESS_PATH="complaints?view=open&limit=25" run "worklist, the open view (GET complaints?view=open)" get.lua
REDRESS_PATH="complaints/views" run "the worklist's view counts (GET complaints/views)" get.lua
run "intake (POST complaints)" intake.lua
# The same with the landlord's performance roll-up built, as it is once its dashboard has been
# read: each intake then adds its complaint's facts to it (crates/store/src/rollup.rs).
curl -sf -o /dev/null -H "authorization: Bearer $REDRESS_TOKEN" \
  "http://127.0.0.1:$PORT/api/v1/landlords/gen-1/tsm?year=$(( $(date +%Y) - 1 ))"
run "intake, the landlord's roll-up built (POST complaints)" intake.lua
# The same intake spread over the data set's landlords: what the landlord's reference counter
# costs when 32 intakes do not all queue for one landlord's.
export REDRESS_LOGINS="$work/logins.txt"
for n in $(seq 1 "$LANDLORDS"); do
  printf 'gen-%s %s\n' "$n" "$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" \
    -H 'content-type: application/json' \
    -d "{\"email\": \"officer@gen-$n.example.org\", \"password\": \"redress-demo-2026\"}" |
    python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])')"
done > "$REDRESS_LOGINS"
run "intake across the landlords (POST complaints, the next landlord each request)" intake_spread.lua
echo "== peak server memory: $(grep VmHWM /proc/$server/status)"
# The raw-PostgreSQL floors, in the same run, on another landlord of the same data set, with
# the server stopped so that only PostgreSQL and pgbench share the machine.
kill "$server" 2>/dev/null || true
wait "$server" 2>/dev/null || true
if [ -z "${REDRESS_BENCH_NO_FLOOR:-}" ]; then
  tests/load/floor.sh "$DB" "gen-$LANDLORDS" "$SECONDS_EACH"
fi
