#!/usr/bin/env bash
# Builds the web portal (frontend/dist) and starts the demo: demo landlords, users for every
# role and two years of synthetic complaints, on http://127.0.0.1:8080, printing the logins.
# Arguments are passed to `redress demo` (e.g. --listen 127.0.0.1:9090).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1; then
  echo "Node.js 20 and npm are needed to build the web portal (frontend/)." >&2
  exit 1
fi
(
  cd frontend
  # Install when missing, or when package-lock.json changed since the last install.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
  npm run --silent build
)
exec cargo run --bin redress -- demo "$@"
