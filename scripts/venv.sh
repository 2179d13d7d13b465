#!/usr/bin/env bash
# Creates .venv (Python >= 3.11) and installs the given requirements file into it.
set -euo pipefail
requirements=${1:-requirements.txt}
python=${PYTHON:-python3}
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Bimtek Portal needs Python 3.11 or newer; $("$python" --version) found." >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv || { echo "Could not create .venv: install python3-venv." >&2; exit 1; }
fi
# Reinstall only when the requirements changed since the last install.
stamp=.venv/.installed-$(basename "$requirements")
if [ ! -f "$stamp" ] || [ -n "$(find requirements*.txt -newer "$stamp")" ]; then
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet -r "$requirements"
  touch "$stamp"
fi
