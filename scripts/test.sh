#!/usr/bin/env bash
# Runs every check and test: formatting, lints, the OpenAPI drift check, and all tests,
# the integration suite on SQLite and on PostgreSQL, and the web portal's unit and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

export REDRESS_TEST_POSTGRES_URL="${REDRESS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export RUST_BACKTRACE="${RUST_BACKTRACE:-0}"

step() { printf '\n==> %s\n' "$*"; }

step "PostgreSQL on 127.0.0.1:5432"
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
fi
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "PostgreSQL is up; the integration tests run on it as well as on SQLite."
  # Databases left by earlier runs.
  psql "$REDRESS_TEST_POSTGRES_URL" -Atc \
    "SELECT datname FROM pg_database WHERE datname LIKE 'redress_test_%' OR datname LIKE 'redress_replicas_%'" 2>/dev/null |
    while read -r db; do psql "$REDRESS_TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null 2>&1 || true; done
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable on 127.0.0.1:5432 and CI=true: failing rather than skipping." >&2
  exit 1
else
  echo "PostgreSQL is not reachable: the PostgreSQL half of the integration tests is skipped (CI fails instead)."
  unset REDRESS_TEST_POSTGRES_URL
fi

step "Python tools (schemathesis, openapi-spec-validator) in a virtualenv"
tools="${REDRESS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/redress-tools}"
if [ ! -x "$tools/venv/bin/schemathesis" ] || ! cmp -s tests/fuzz/requirements.txt "$tools/requirements.txt"; then
  rm -rf "$tools/venv"
  mkdir -p "$tools"
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check -r tests/fuzz/requirements.txt
  cp tests/fuzz/requirements.txt "$tools/requirements.txt"
fi

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "OpenAPI drift: openapi/openapi.json must be what the code generates"
generated="$(mktemp)"
cargo run --quiet --locked -p redress-server --bin redress -- openapi > "$generated"
if ! diff -u openapi/openapi.json "$generated"; then
  echo "openapi/openapi.json is stale: run 'cargo run -p redress-server --bin redress -- openapi > openapi/openapi.json'" >&2
  exit 1
fi
rm -f "$generated"

step "The OpenAPI document validates against the OpenAPI 3.1 schema"
"$tools/venv/bin/openapi-spec-validator" openapi/openapi.json

step "deploy/: manifests parse, the image's build commands are CI's, every setting and metric exists"
"$tools/venv/bin/python" tests/deploy/check.py

step "poppler-utils: the tests read the PDFs Redress makes with pdftotext and pdfinfo"
if ! command -v pdftotext >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing poppler-utils from Debian's packages."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  else
    echo "pdftotext is missing: install it with 'apt-get install -y poppler-utils'." >&2
    exit 1
  fi
fi

step "cargo test (unit, property and integration tests; SQLite and PostgreSQL)"
cargo test --workspace --locked

step "schemathesis: the API fuzzed as every role, against the committed document"
cargo build --quiet --locked -p redress-server --bin redress
python3 tests/fuzz/run.py "${CARGO_TARGET_DIR:-target}/debug/redress" openapi/openapi.json \
  --schemathesis "$tools/venv/bin/schemathesis" --seconds-per-role "${REDRESS_FUZZ_SECONDS:-25}"

step "Two replicas behind nginx on PostgreSQL: SIGKILL, SMTP outage, limits, nothing lost or sent twice"
if [ -n "${REDRESS_TEST_POSTGRES_URL:-}" ]; then
  tests/replicas/run.sh
else
  echo "PostgreSQL is not reachable: the replica test is skipped (CI fails instead)."
fi

step "Web portal: types from openapi/openapi.json, tsc, vitest, vite build, script budget, browser tests (Chromium + axe)"
web_started=$(date +%s)
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium from Debian's packages for the browser tests."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "/usr/bin/chromium is missing: install it with 'apt-get install -y chromium'." >&2
    exit 1
  fi
fi
(
  cd frontend
  npm ci --no-audit --no-fund
  npm run --silent gen
  npx tsc --noEmit
  npx vitest run
  # The build must be clean: a warning (a route's chunk that cannot be split off, CSS the
  # minifier refuses) fails it.
  build_log=$(mktemp)
  npx vite build 2>&1 | tee "$build_log"
  if grep -iE "warn|INEFFECTIVE_DYNAMIC_IMPORT" "$build_log"; then
    echo "vite build printed a warning (above)." >&2
    rm -f "$build_log"
    exit 1
  fi
  rm -f "$build_log"
  node scripts/budget.mjs
)
cargo build --quiet --locked -p redress-server --bin redress
echo "The web portal is built and checked after $(($(date +%s) - web_started)) s; now the browser tests."
(cd frontend && node --test --test-concurrency=1 browser/)
