#!/usr/bin/env bash
# Load test: gunicorn (production settings) + wrk against 127.0.0.1 only, bounded in time.
#
#   bench/load.sh [DURATION_SECONDS=15] [CONNECTIONS=32] [WORKERS=2]
#
# Builds its own temporary SQLite database with one generated programme of 1,000 milestones
# (`manage.py generate_load`), logs a staff user in (a session cookie for wrk), starts
# gunicorn on a free port of 127.0.0.1 and runs wrk (Debian package `wrk`) on the dashboard
# and the milestone table, one after the other. Prints req/s, p50/p99 latency, errors and the
# machine's load average before and after. gunicorn is stopped (by its pid) however it ends.
# Targets (issue 14): dashboard >= 100 req/s, table >= 150 req/s, 0 errors, p99 < 1 s.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${1:-15}
CONNECTIONS=${2:-32}
WORKERS=${3:-2}
PYTHON=${PYTHON:-.venv/bin/python}
[ -x "$PYTHON" ] || PYTHON=/work/main/.venv/bin/python
GUNICORN="$(dirname "$PYTHON")/gunicorn"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }

WORKDIR=$(mktemp -d -t regie-load-XXXXXX)
GUNICORN_PID=""
cleanup() {
  if [ -n "$GUNICORN_PID" ]; then kill "$GUNICORN_PID" 2>/dev/null || true; wait "$GUNICORN_PID" 2>/dev/null || true; fi
  rm -rf "$WORKDIR"
}
trap cleanup EXIT

export DATABASE_URL="sqlite:///$WORKDIR/load.sqlite3"
export DJANGO_SECRET_KEY="load-$(head -c 32 /dev/urandom | base64 | tr -d '\n/+=')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_DEBUG=0

"$PYTHON" manage.py migrate --noinput -v0
"$PYTHON" manage.py createcachetable -v0
"$PYTHON" manage.py collectstatic --noinput -v0  # staticfiles/, as a deployment has it
"$PYTHON" manage.py generate_load --programmes 1 --milestones-per-programme 1000 --seed 2 >/dev/null
read -r SLUG COOKIE < <("$PYTHON" - <<'EOF'
import os
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from phases.models import Programme
user = get_user_model().objects.create_user("load", is_staff=True)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.save()
print(Programme.objects.get().slug, f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
EOF
)

PORT=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$GUNICORN" config.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --log-level warning \
  >"$WORKDIR/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
for _ in $(seq 1 50); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
  sleep 0.2
done

echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "gunicorn: $WORKERS workers; wrk: $CONNECTIONS connections, ${DURATION} s per page"
printf '%-34s %9s %9s %9s %8s\n' page req/s p50 p99 errors
for page in "dashboard:/programmes/$SLUG/dashboard/" "milestone table:/programmes/$SLUG/milestones/"; do
  name=${page%%:*}
  path=${page#*:}
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path")
  [ "$status" = 200 ] || { echo "$name answered $status" >&2; cat "$WORKDIR/gunicorn.log" >&2; exit 1; }
  curl -s -o /dev/null -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path"  # warm up
  out=$(timeout $((DURATION + 30)) wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency \
    -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' <<<"$out")
  printf '%-34s %9s %9s %9s %8s\n' "$name, 1,000 milestones" "$rps" "$p50" "$p99" "$errors"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
