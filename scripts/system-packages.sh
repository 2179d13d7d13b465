#!/usr/bin/env bash
# System packages Bimtek Portal needs on Debian/Ubuntu:
#   libpango-1.0-0 libpangoft2-1.0-0  WeasyPrint's text layout (PDF documents)
#   gettext                           compiles the Indonesian translations (msgfmt)
#   chromium                          only for the browser tests (--with-browser)
# Installs what is missing when it can (root, or sudo without a password);
# otherwise says what to install and carries on.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 gettext)
[ "${1:-}" = "--with-browser" ] && packages+=(chromium)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "Please install these system packages: ${missing[*]}" >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then sudo=(); elif sudo -n true 2>/dev/null; then sudo=(sudo -n); else
  echo "Please run: sudo apt-get install ${missing[*]}" >&2
  exit 0
fi
echo "Installing system packages: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
