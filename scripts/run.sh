#!/usr/bin/env bash
# Runs the portal on http://127.0.0.1:$PORT (default 8000) with the Tebo demo data:
# system packages, .venv, translations, migrations, demo data, an admin login,
# the background worker for long documents, and the development server.
# PORT=8111 ./scripts/run.sh serves on another port; links in e-mails, the undangan
# and certificates follow it (BIMTEK_SITE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
bash scripts/venv.sh requirements.txt
export DJANGO_DEBUG=${DJANGO_DEBUG:-true}
export PORT=${PORT:-8000}
export BIMTEK_SITE_URL=${BIMTEK_SITE_URL:-http://127.0.0.1:$PORT}
py=.venv/bin/python

# The demo's environment, for ./scripts/manage.sh (the README's commands): readable by
# its owner only, as it may hold a database password.
mkdir -p var
(
    umask 077
    exec >var/demo.env.new
    echo "# Written by scripts/run.sh; read by scripts/manage.sh. Shell variables win."
    for name in DJANGO_DEBUG DJANGO_SECRET_KEY DJANGO_ALLOWED_HOSTS DJANGO_SECURE_SSL_REDIRECT \
        DATABASE_URL PORT BIMTEK_SITE_URL; do
        if [ -n "${!name:-}" ]; then echo "$name=${!name}"; fi
    done
)
mv var/demo.env.new var/demo.env

$py manage.py compilemessages --ignore=.venv >/dev/null
$py manage.py migrate --no-input
$py manage.py createcachetable
$py manage.py seed_demo --participants --keep-free 5
$py manage.py demo_admin

# The worker renders long documents in the background; it stops with the server.
$py manage.py db_worker >var/worker.log 2>&1 &
worker=$!
# Files of document jobs hold people's names: gone a day after they were made,
# whether or not anyone prints again (production: the cron line in the README).
while sleep 3600; do $py manage.py prune_jobs >>var/worker.log 2>&1; done &
pruner=$!
trap 'kill $worker $pruner 2>/dev/null' EXIT
echo "Portal: http://127.0.0.1:$PORT/   Admin: http://127.0.0.1:$PORT/admin/"
echo "Commands on this demo: ./scripts/manage.sh <command> (see README, Command line)"
$py manage.py runserver "127.0.0.1:$PORT"
