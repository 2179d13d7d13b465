#!/usr/bin/env bash
# Collects msgids into one Indonesian catalogue per app (<app>/locale/id/) from
# the app's code and its templates under templates/<app>/, and the project's
# own (templates/*.html, bimtek_portal/) into locale/id/. One catalogue per app
# keeps translations next to the code they belong to.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
collect() {  # collect TARGET_LOCALE_DIR SOURCE...
  local target=$1; shift
  local tmp; tmp=$(mktemp -d)
  mkdir -p "$tmp/locale/id/LC_MESSAGES" "$target/id/LC_MESSAGES"
  [ -f "$target/id/LC_MESSAGES/django.po" ] && cp "$target/id/LC_MESSAGES/django.po" "$tmp/locale/id/LC_MESSAGES/"
  # Each source is linked under its own path's name (events, templates_events), so the
  # catalogue's "#:" references say where a string comes from.
  for src in "$@"; do
    local name
    case "$src" in /*) name=templates ;; *) name=${src//\//_}; src="$root/$src" ;; esac
    [ -e "$src" ] && ln -s "$src" "$tmp/$name"
  done
  (cd "$tmp" && "$root/.venv/bin/django-admin" makemessages -l id --symlinks --no-obsolete \
     --ignore '*/locale/*' --ignore '*/migrations/*' --ignore '*/tests/*' >/dev/null)
  # No catalogue comes out where the sources have no translatable string yet.
  if [ -f "$tmp/locale/id/LC_MESSAGES/django.po" ]; then
    cp "$tmp/locale/id/LC_MESSAGES/django.po" "$target/id/LC_MESSAGES/django.po"
  fi
  rm -rf "$tmp"
}
# Usage: scripts/makemessages.sh [APP ...]   (no argument: every app and the project)
apps=("$@")
[ ${#apps[@]} -eq 0 ] && apps=(bodies events participants reports demo project)
for app in "${apps[@]}"; do
  if [ "$app" = project ]; then
    # Only the top-level templates (base.html ...), not the apps' folders below them.
    top_templates=$(mktemp -d); cp templates/*.html "$top_templates/"
    collect locale bimtek_portal "$top_templates"
    rm -rf "$top_templates"
  else
    collect "$app/locale" "$app" "templates/$app"
  fi
done
echo "Catalogues updated: */locale/id/LC_MESSAGES/django.po"
