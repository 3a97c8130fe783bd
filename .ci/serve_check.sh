#!/usr/bin/env bash
# The production profile starts and serves: gunicorn with config.settings.production on
# 127.0.0.1 (a free port), against a PostgreSQL database of its own and Redis, after migrate,
# load_demo and collectstatic. Fetches the demo pages as the proxy would pass them on
# (X-Forwarded-Proto: https) and asserts status 200 and their content, then stops gunicorn
# and drops the database. Needs PostgreSQL and Redis on 127.0.0.1 (.ci/run starts both).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV="${VENV:-.venv}"
PG="${PG_ADMIN:--h 127.0.0.1 -U postgres}"
DB="ci_serve_$$"
WORK="$(mktemp -d)"
PORT="$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
GUNICORN_PID=""

cleanup() {
    if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill "$GUNICORN_PID"
        wait "$GUNICORN_PID" 2>/dev/null || true
    fi
    # shellcheck disable=SC2086
    dropdb $PG --if-exists "$DB"
    rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck disable=SC2086
createdb $PG "$DB"

export ENV_FILE=""
export DJANGO_SETTINGS_MODULE=config.settings.production
export SECRET_KEY
SECRET_KEY="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
# Keys of this run stay apart from anything else using the same Redis.
export CACHE_KEY_PREFIX="$DB"
export STATIC_ROOT="$WORK/static"
export MEDIA_ROOT="$WORK/media"
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend

"$VENV/bin/python" manage.py migrate --no-input -v 0
"$VENV/bin/python" manage.py load_demo >/dev/null
"$VENV/bin/python" manage.py collectstatic --no-input -v 0

"$VENV/bin/gunicorn" config.wsgi -c config/gunicorn.conf.py --bind "127.0.0.1:$PORT" \
    --workers 2 >"$WORK/gunicorn.log" 2>"$WORK/gunicorn.err" &
GUNICORN_PID=$!

for _ in $(seq 60); do
    curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
    sleep 0.5
done

failures=0
# fetch PATH TEXT: 200 over the proxy's https, and TEXT in the body.
fetch() {
    local path="$1" text="$2" status
    status="$(curl -sS -o "$WORK/body" -w '%{http_code}' -H 'X-Forwarded-Proto: https' "$BASE$path" || true)"
    if [ "$status" = 200 ] && grep -qF -- "$text" "$WORK/body"; then
        printf '  ok   %s %s\n' "$status" "$path"
    else
        printf '  FAIL %s %s (expected 200 and "%s")\n' "$status" "$path" "$text"
        failures=$((failures + 1))
    fi
}

fetch / "Kennisdeling jeugdprofessionals"
fetch /vragen/ "Wat zijn jouw ervaringen als jeugdprofessional"
fetch /vragen/ervaringen-voorkomen-tegengaan-polarisatie/ "Farid Bouchlaghmi"
fetch /healthz '"status": "ok"'
fetch /healthz '"cache": "ok"'

# A stylesheet the home page links to, served by WhiteNoise under its hashed name.
curl -sS -H 'X-Forwarded-Proto: https' "$BASE/" -o "$WORK/home.html"
css="$(grep -oE '/static/[^"]+\.[0-9a-f]{12}\.css' "$WORK/home.html" | head -1 || true)"
if [ -n "$css" ]; then
    fetch "$css" "{"
else
    echo "  FAIL no hashed stylesheet linked from /"
    failures=$((failures + 1))
fi

# The seed question again, now from the page cache (Redis): the same page, marked as a hit,
# with a CSRF cookie of its own for this visitor.
seed=/vragen/ervaringen-voorkomen-tegengaan-polarisatie/
curl -sS -D "$WORK/hit.headers" -o "$WORK/hit.html" -H 'X-Forwarded-Proto: https' "$BASE$seed"
if grep -qi '^x-page-cache: hit' "$WORK/hit.headers" && grep -qi '^set-cookie: csrftoken=' "$WORK/hit.headers" \
    && grep -qF "Farid Bouchlaghmi" "$WORK/hit.html"; then
    echo "  ok   page cache hit $seed"
else
    echo "  FAIL $seed not served from the page cache:"; cat "$WORK/hit.headers"
    failures=$((failures + 1))
fi

# Plain HTTP is redirected to HTTPS; the load balancer's probe is not.
status="$(curl -sS -o /dev/null -w '%{http_code}' "$BASE/vragen/")"
if [ "$status" = 301 ]; then echo "  ok   301 plain-HTTP /vragen/"; else
    echo "  FAIL $status plain-HTTP /vragen/ (expected 301)"; failures=$((failures + 1)); fi

# Every line gunicorn and Django wrote is one JSON object.
if "$VENV/bin/python" -c '
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert lines, "no log lines"
for line in lines:
    json.loads(line)
print(f"  ok   {len(lines)} log lines, each one JSON object")
' "$WORK/gunicorn.log"; then :; else
    echo "  FAIL log lines that are not JSON:"; head -20 "$WORK/gunicorn.log"
    failures=$((failures + 1))
fi

if [ "$failures" -gt 0 ]; then
    echo "serve check: $failures failure(s); gunicorn's log:"
    tail -40 "$WORK/gunicorn.log" "$WORK/gunicorn.err"
    exit 1
fi
echo "serve check passed: gunicorn (production settings, PostgreSQL $DB, Redis) served the demo"
