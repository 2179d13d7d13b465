#!/usr/bin/env bash
# Runs the whole test suite: on SQLite, then again on PostgreSQL when
# DATABASE_URL points at one (postgres://...). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh --with-browser
bash scripts/venv.sh requirements-dev.txt
export DJANGO_DEBUG=false
DJANGO_SETTINGS_MODULE=bimtek_portal.settings_test \
  .venv/bin/python manage.py compilemessages --ignore=.venv >/dev/null

run_pytest() {
  local label=$1; shift
  echo "=== Test suite on $label"
  set +e
  .venv/bin/python -m pytest "$@"
  local rc=$?
  set -e
  # pytest exits 5 when it collected no test: that is a failure here.
  if [ $rc -ne 0 ]; then echo "=== $label: pytest exited $rc" >&2; exit $rc; fi
}

echo "=== Lint and format (ruff, see ruff.toml)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "=== Import layers (lint-imports, see .importlinter)"
.venv/bin/lint-imports

postgres_url=${DATABASE_URL:-}
DATABASE_URL= run_pytest SQLite "$@"
case "$postgres_url" in
  postgres://*|postgresql://*) DATABASE_URL=$postgres_url run_pytest PostgreSQL "$@" ;;
  *) echo "=== DATABASE_URL is not PostgreSQL: the PostgreSQL run is skipped" ;;
esac
