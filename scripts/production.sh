#!/usr/bin/env bash
# The production stack on this machine, on loopback only, until Ctrl-C:
#   nginx (TLS, plain HTTP redirects) -> Varnish (front cache) -> gunicorn
# with production settings, plus the supervised task worker and the once-a-minute
# scheduler. The configurations are those of deploy/, with this machine's ports
# filled in; everything it writes (certificate, logs, rendered configs) goes to
# $FIELDOPS_STACK_DIR (var/production/). The tests' stack (fieldops/core/testing/
# stack.py) runs this script too, with FIELDOPS_STACK_SETUP=0 and FIELDOPS_STACK_JOBS=0.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
export FIELDOPS_VAR_DIR=${FIELDOPS_VAR_DIR:-$ROOT/var}
RUN=${FIELDOPS_STACK_DIR:-$FIELDOPS_VAR_DIR/production}
HTTPS_PORT=${HTTPS_PORT:-8443}
HTTP_PORT=${HTTP_PORT:-8080}
CACHE_PORT=${CACHE_PORT:-6081}
APP_PORT=${APP_PORT:-8001}
ORIGIN="https://127.0.0.1:$HTTPS_PORT"

for tool in nginx varnishd openssl; do
    if ! command -v "$tool" >/dev/null && [ ! -x "/usr/sbin/$tool" ]; then
        echo "$tool is missing: apt-get install nginx varnish openssl" >&2
        exit 1
    fi
done
export PATH=$PATH:/usr/sbin
mkdir -p "$RUN/nginx-tmp"
# Varnish and nginx workers drop root for their own users; they must reach here.
chmod 755 "$RUN"

export DJANGO_SETTINGS_MODULE=fieldops.settings.production
export BASE_URL=${BASE_URL:-$ORIGIN}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export CSRF_TRUSTED_ORIGINS=${CSRF_TRUSTED_ORIGINS:-$ORIGIN,https://localhost:$HTTPS_PORT}
# nginx and Varnish each append to X-Forwarded-For.
export FIELDOPS_TRUSTED_PROXY_COUNT=2
# Publishing purges what it changed from Varnish (fieldops/core/front_cache.py).
export FIELDOPS_FRONT_CACHE_URL=${FIELDOPS_FRONT_CACHE_URL-http://127.0.0.1:$CACHE_PORT}
if [ -z "${SECRET_KEY:-}" ]; then
    # Generated once and kept, as the development settings do.
    secret_file=$FIELDOPS_VAR_DIR/secret_key
    if [ ! -s "$secret_file" ]; then
        (umask 077 && "$PY" -c "import secrets; print(secrets.token_urlsafe(50))" >"$secret_file")
    fi
    SECRET_KEY=$(cat "$secret_file")
    export SECRET_KEY
fi

# A throw-away self-signed certificate: browsers warn, curl needs -k.
if [ ! -s "$RUN/tls/key.pem" ]; then
    mkdir -p "$RUN/tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=localhost \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout "$RUN/tls/key.pem" -out "$RUN/tls/cert.pem" 2>/dev/null
fi

if [ "${FIELDOPS_STACK_SETUP:-1}" = 1 ]; then
    "$PY" manage.py migrate --noinput
    # Varnish starts empty: loading the demo has nothing to purge.
    FIELDOPS_FRONT_CACHE_URL= "$PY" manage.py load_demo
    "$PY" manage.py sync_site
    "$PY" manage.py collectstatic --noinput --verbosity 0
    admin_account=$("$PY" manage.py ensure_admin)
fi

nginx_user=www-data
[ "$(id -u)" = 0 ] || nginx_user=
sed -e "s|@SERVER_NAME@|127.0.0.1 localhost|" \
    -e "s|@HTTPS_LISTEN@|127.0.0.1:$HTTPS_PORT|" \
    -e "s|@HTTP_LISTEN@|127.0.0.1:$HTTP_PORT|" \
    -e "s|@HTTPS_ORIGIN@|$ORIGIN|" \
    -e "s|@CACHE_ADDRESS@|127.0.0.1:$CACHE_PORT|" \
    -e "s|@CERTIFICATE@|$RUN/tls/cert.pem|" \
    -e "s|@CERTIFICATE_KEY@|$RUN/tls/key.pem|" \
    -e "s|@MEDIA_ROOT@|${MEDIA_ROOT:-$FIELDOPS_VAR_DIR/media}|" \
    -e "s|@MICROCACHE_DIR@|$RUN/nginx-cache|" \
    -e "s|@ACCESS_LOG@|$RUN/nginx-access.log|" \
    deploy/nginx/fieldops.conf >"$RUN/fieldops-site.conf"
# Without root, nginx cannot switch users: the line goes.
sed -e "s|@RUN_DIR@|$RUN|g" -e "s|@NGINX_USER@|$nginx_user|" \
    -e "/^user ;$/d" deploy/nginx/standalone.conf >"$RUN/nginx.conf"
# The languages the site offers, as the VCL reduces Accept-Language to them.
read -r languages default_language < <("$PY" manage.py shell --no-imports -c \
    "from django.conf import settings as s; print('|'.join(c for c, _ in s.LANGUAGES), s.LANGUAGE_CODE)")
[ -n "${default_language:-}" ] || { echo "Could not read the settings' languages." >&2; exit 1; }
sed -e "s|@APP_HOST@|127.0.0.1|" -e "s|@APP_PORT@|$APP_PORT|" \
    -e "s/@LANGUAGES@/$languages/g" -e "s|@LANGUAGE_CODE@|$default_language|" \
    deploy/varnish/fieldops.vcl >"$RUN/fieldops.vcl"

source scripts/lib/processes.sh
on_stop_say "Stopped nginx, Varnish, gunicorn, the task worker and the scheduler."

# Each in its own process group (job control), stopped as a whole.
set -m
# --timeout lies above the database's statement timeout: it ends only a request
# stuck on a frozen database (docs/operations.md, "Outages"). The request limits
# lie above nginx's (deploy/nginx/fieldops.conf), as Varnish's do, so that nginx,
# not they, answers what is too large.
start_server "$PY" -m gunicorn fieldops.wsgi:application --bind "127.0.0.1:$APP_PORT" \
    --workers "${WEB_WORKERS:-2}" --timeout "${WEB_TIMEOUT:-40}" \
    --limit-request-line 8190 --limit-request-fields 100 --limit-request-field_size 16384 \
    --error-logfile "$RUN/gunicorn.log" --access-logfile "$RUN/gunicorn-access.log" \
    --access-logformat '%(h)s %(t)s "%(r)s" %(s)s %(b)s "%({x-forwarded-for}i)s" "%({x-forwarded-proto}i)s"' \
    2>>"$RUN/django.log"
start_server varnishd -F -a "127.0.0.1:$CACHE_PORT" -T 127.0.0.1:0 -n "$RUN/varnish" \
    -f "$RUN/fieldops.vcl" -s "malloc,${CACHE_SIZE:-256m}" \
    -p http_req_hdr_len=16k -p http_req_size=64k >"$RUN/varnish.log" 2>&1
start_server nginx -c "$RUN/nginx.conf" -e "$RUN/nginx-error.log"
if [ "${FIELDOPS_STACK_JOBS:-1}" = 1 ]; then
    # Supervised, as in scripts/run.sh: a worker that dies is started again.
    start_server supervise "The task worker" "$PY" manage.py db_worker --no-reload \
        >>"$RUN/worker.log" 2>&1
    start_server every_minute_run_scheduled_jobs >>"$RUN/scheduler.log" 2>&1
fi
set +m

# Up when gunicorn, Varnish and nginx all accept connections (nginx alone would
# answer 502 until the others do).
up() {
    local port
    for port in "$APP_PORT" "$CACHE_PORT" "$HTTPS_PORT"; do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || return 1
    done
}
for _ in $(seq 300); do
    up && break
    sleep 0.2
done

cat <<EOF

fieldops runs as in production; Ctrl-C stops it all. Logs: $RUN/
  site (self-signed certificate)  $ORIGIN/en/
  admin                           $ORIGIN/admin/
  plain HTTP (redirects)          http://127.0.0.1:$HTTP_PORT/
  Varnish (front cache)           http://127.0.0.1:$CACHE_PORT/
  gunicorn                        http://127.0.0.1:$APP_PORT/
${admin_account:-}
EOF

# If any of them stops, everything is stopped.
wait_for_any_server
