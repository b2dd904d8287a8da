#!/usr/bin/env bash
# The weekly digest benchmark of BENCHMARKS.md: builds and queues the weekly digests for every
# landlord of the benchmark data set (200 landlords, a million complaints, kept in the
# database `redress_bench` as tests/load/run.sh makes it) with 10 subscribers each, then hands
# them over SMTP to a local sink (Python's DebuggingServer, discarding what it receives).
#
#   tests/load/digests.sh [LANDLORDS] [COMPLAINTS] [SUBSCRIBERS] [DAY]
#                         (defaults: 200 1000000 10 2026-11-23)
set -euo pipefail
cd "$(dirname "$0")/../.."
LANDLORDS="${1:-200}"
COMPLAINTS="${2:-1000000}"
SUBSCRIBERS="${3:-10}"
DAY="${4:-2026-11-23}"
DB="${REDRESS_BENCH_DB:-redress_bench}"
URL="postgres://postgres@127.0.0.1:5432/$DB"
SMTP_PORT="${REDRESS_BENCH_SMTP_PORT:-18025}"
work="$(mktemp -d)"

cargo build --release --locked -p redress-server --bin redress
bin=target/release/redress
if ! psql -h 127.0.0.1 -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE \"$DB\""
fi
have="$(psql -h 127.0.0.1 -U postgres -d "$DB" -Atc "SELECT count(*) FROM complaints" 2>/dev/null || echo 0)"
if [ "$have" -lt "$COMPLAINTS" ]; then
  "$bin" --database-url "$URL" --data-dir "$work" generate \
    --landlords "$LANDLORDS" --complaints "$COMPLAINTS" --copy
fi
psql -h 127.0.0.1 -U postgres -d "$DB" -Atc "SELECT count(*) || ' complaints, ' || count(DISTINCT landlord_id) || ' landlords' FROM complaints"

python3 -W ignore -c "
import asyncore, smtpd, sys
class Sink(smtpd.SMTPServer):
    def process_message(self, *args, **kwargs):
        return None
Sink(('127.0.0.1', $SMTP_PORT), None, decode_data=False, enable_SMTPUTF8=True)
asyncore.loop()
" &
sink=$!
trap 'kill $sink 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1

REDRESS_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" RUST_LOG=warn \
  /usr/bin/time -v "$bin" --database-url "$URL" --data-dir "$work" bench-digests \
  --subscribers "$SUBSCRIBERS" --day "$DAY" 2> "$work/time"
grep -E "Elapsed|Maximum resident" "$work/time"
