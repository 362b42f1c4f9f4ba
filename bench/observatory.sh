#!/usr/bin/env bash
# `make observatory`: Mozilla's HTTP Observatory (@mdn/mdn-http-observatory, the scanner behind the public service),
# run offline against this site under production settings.
#
# The scanner always asks http://HOST/ and https://HOST/ on the standard ports, so the site is served on a loopback
# address of its own (127.0.0.2 unless OBSERVATORY_HOST says otherwise; binding ports 80 and 443 needs root):
#   :443  gunicorn with a self-signed certificate made here, which the scanner trusts through NODE_EXTRA_CA_CERTS;
#   :80   gunicorn without TLS, where Django's SECURE_SSL_REDIRECT answers with a redirect to https (as nginx would).
# The scanner's HSTS-preload and TLD lists would be downloaded; empty ones are written instead (nothing leaves the
# machine). Prints the grade, the score and any failed test; exits non-zero unless every test passed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PY:-$ROOT/.venv/bin/python}
HOST=${OBSERVATORY_HOST:-127.0.0.2}
WORK=$ROOT/bench-results/observatory
NPM=$ROOT/bench-results/npm
SCANNER=$NPM/node_modules/@mdn/mdn-http-observatory
mkdir -p "$WORK" "$NPM"

if [ ! -f "$SCANNER/src/scan.js" ]; then
  (cd "$NPM" && npm install --ignore-scripts --no-audit --no-fund --silent @mdn/mdn-http-observatory@1.4.8)
fi
echo '{}' > "$SCANNER/conf/hsts-preload.json"
echo '[]' > "$SCANNER/conf/tld-list.json"

export DJANGO_SETTINGS_MODULE=cdhr_cms.settings.production
export SECRET_KEY="observatory-only-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=$HOST
export DATABASE_URL="sqlite:///$WORK/site.sqlite3"
export STATIC_ROOT=$WORK/static MEDIA_ROOT=$WORK/media CACHE_DIR=$WORK/cache TASKS_BACKEND=immediate

if [ ! -f "$WORK/built" ]; then
  echo "building the demo site (once)…"
  # Development settings: production refuses demo content, test settings ignore MEDIA_ROOT.
  DJANGO_SETTINGS_MODULE=cdhr_cms.settings.dev DEBUG=false "$PY" manage.py migrate --noinput >/dev/null
  DJANGO_SETTINGS_MODULE=cdhr_cms.settings.dev DEBUG=false "$PY" manage.py setup_site --demo >/dev/null
  touch "$WORK/built"
fi
"$PY" manage.py collectstatic --noinput --verbosity 0

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$HOST" -addext "subjectAltName=IP:$HOST" \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

GUNICORN=$(dirname "$PY")/gunicorn
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
"$GUNICORN" cdhr_cms.wsgi --workers=2 --bind="$HOST:443" --certfile="$WORK/cert.pem" --keyfile="$WORK/key.pem" \
  --log-level=warning & pids+=($!)
"$GUNICORN" cdhr_cms.wsgi --workers=1 --bind="$HOST:80" --log-level=warning & pids+=($!)
for _ in $(seq 1 60); do
  curl -sf --cacert "$WORK/cert.pem" "https://$HOST/healthz" >/dev/null && curl -s -o /dev/null "http://$HOST/" && break
  sleep 0.5
done

NODE_EXTRA_CA_CERTS=$WORK/cert.pem timeout 120 node "$SCANNER/src/scan.js" "$HOST" > "$WORK/scan.json"
"$PY" - "$WORK/scan.json" <<'PYEOF'
import json, sys
result = json.load(open(sys.argv[1]))
if "error" in result:
    sys.exit(f"scan failed: {result['error']}")
scan = result["scan"]
print(f"HTTP Observatory: grade {scan['grade']}, score {scan['score']}, "
      f"{scan['testsPassed']}/{scan['testsQuantity']} tests passed")
failed = {name: test for name, test in result["tests"].items() if not test["pass"]}
for name, test in result["tests"].items():
    print(f"  {'PASS' if test['pass'] else 'FAIL'} {name:<32} {test['result']} ({test['scoreModifier']:+d})")
sys.exit(1 if failed or scan["grade"] != "A+" else 0)
PYEOF
