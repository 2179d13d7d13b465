#!/usr/bin/env bash
# manage.py with the demo's environment: ./scripts/manage.sh event_summary SLUG
#
# run.sh writes the settings it runs the demo with (debug on, its port, the portal's
# address for links, the database) to var/demo.env; this reads them, so every command
# works on the demo's data as the README prints it. A variable already set in the
# shell wins over the file. Without the file (a production server), the environment
# alone counts, as for `.venv/bin/python manage.py`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
env_file="$root/var/demo.env"
if [ -f "$env_file" ]; then
    while IFS='=' read -r key value; do
        case "$key" in '' | \#*) continue ;; esac
        if [ -z "${!key+set}" ]; then export "$key=$value"; fi
    done <"$env_file"
elif [ -z "${DJANGO_SECRET_KEY:-}" ] && [ "${DJANGO_DEBUG:-}" != "true" ]; then
    echo "No var/demo.env: run ./scripts/run.sh first (the demo), or export the settings" \
        "(DJANGO_SECRET_KEY, ... see README, Configuration)." >&2
    exit 1
fi
exec "$root/.venv/bin/python" "$root/manage.py" "$@"
