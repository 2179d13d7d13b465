#!/usr/bin/env bash
# Runs the portal on http://127.0.0.1:8000 with the Tebo demo data:
# system packages, .venv, translations, migrations, demo data, an admin login,
# the background worker for long documents, and the development server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
bash scripts/venv.sh requirements.txt
export DJANGO_DEBUG=${DJANGO_DEBUG:-true}
py=.venv/bin/python

$py manage.py compilemessages --ignore=.venv >/dev/null
$py manage.py migrate --no-input
$py manage.py createcachetable
$py manage.py seed_demo --participants --keep-free 5
PORT=${PORT:-8000} $py manage.py demo_admin

# The worker renders long documents in the background; it stops with the server.
$py manage.py db_worker >var/worker.log 2>&1 &
worker=$!
# Files of document jobs hold people's names: gone a day after they were made,
# whether or not anyone prints again (production: the cron line in the README).
while sleep 3600; do $py manage.py prune_jobs >>var/worker.log 2>&1; done &
pruner=$!
trap 'kill $worker $pruner 2>/dev/null' EXIT
port=${PORT:-8000}
echo "Portal: http://127.0.0.1:$port/   Admin: http://127.0.0.1:$port/admin/"
$py manage.py runserver "127.0.0.1:$port"
