#!/usr/bin/env bash
# Two replicas behind nginx on PostgreSQL, under load and trouble (tests/replicas/run.py).
#   tests/replicas/run.sh            the short form scripts/test.sh runs (20 s of load)
#   tests/replicas/run.sh --long     the long form in BENCHMARKS.md (120 s, more clients)
# Needs: PostgreSQL on 127.0.0.1:5432 (REDRESS_TEST_POSTGRES_URL), nginx (Debian's package),
# the Python tools venv of scripts/test.sh, and a built binary (debug unless REDRESS_BINARY).
set -euo pipefail
cd "$(dirname "$0")/../.."
tools="${REDRESS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/redress-tools}"
binary="${REDRESS_BINARY:-${CARGO_TARGET_DIR:-target}/debug/redress}"
nginx="$(command -v nginx || echo /usr/sbin/nginx)"
if [ ! -x "$nginx" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing nginx from Debian's packages for the replica test."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
    nginx=/usr/sbin/nginx
  else
    echo "nginx is missing: install it with 'apt-get install -y nginx-light'." >&2
    exit 1
  fi
fi
[ -x "$binary" ] || cargo build --quiet --locked -p redress-server --bin redress
args=(--seconds 20 --residents 3)
if [ "${1:-}" = "--long" ]; then
  shift
  args=(--seconds 120 --residents 6 --seed-complaints 2000 --settle-seconds 120)
fi
exec "$tools/venv/bin/python" tests/replicas/run.py --binary "$binary" --nginx "$nginx" \
  --postgres "${REDRESS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}" "${args[@]}" "$@"
