#!/usr/bin/env bash
# The plugin works outside this site: build the wheel, install it into a fresh virtualenv
# with a project made by `wagtail start`, add the apps as the README says, migrate, create
# a question page and render it with Django's test client.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3.11}"
VENV="${VENV:-.venv}"
WORK="${PLUGIN_CHECK_DIR:-$ROOT/.plugin-check}"

cd "$ROOT"
echo "==> Building the wheel (translations compiled first)"
make --no-print-directory build VENV="$VENV"
wheel=$(ls dist/wagtail_kennisdeling-*.whl)
echo "    $wheel"

echo "==> Fresh virtualenv and a project from \`wagtail start\` in $WORK"
rm -rf "$WORK"
mkdir -p "$WORK"
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install --quiet --upgrade pip
"$WORK/venv/bin/python" -m pip install --quiet "$wheel"
cd "$WORK"
"$WORK/venv/bin/wagtail" start checksite
cd checksite

echo "==> Adding the apps, migrating, rendering a question page"
export DJANGO_SETTINGS_MODULE=checksite.settings.dev
"$WORK/venv/bin/python" "$ROOT/.ci/plugin_check.py" configure "$ROOT"
"$WORK/venv/bin/python" manage.py migrate --no-input -v 0
"$WORK/venv/bin/python" manage.py check
"$WORK/venv/bin/python" manage.py makemigrations --check --dry-run questions community panels
"$WORK/venv/bin/python" "$ROOT/.ci/plugin_check.py" verify "$ROOT"

cd "$ROOT"
rm -rf "$WORK"
echo "==> Plugin check passed"
