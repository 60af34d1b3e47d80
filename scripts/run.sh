#!/usr/bin/env bash
# Prepares the database and demo content, then runs the web server and the task
# worker together until Ctrl-C, which stops both.
set -euo pipefail

cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-fieldops.settings.dev}
url="http://$HOST:$PORT"
case $HOST in *:*) url="http://[$HOST]:$PORT" ;; esac
# The links in the mails written to var/mail/ lead back to this server.
export BASE_URL=${BASE_URL:-$url}

"$PY" manage.py migrate --noinput
"$PY" manage.py load_demo
# Wagtail's own full addresses (the admin's links to live pages) use the site
# record; the sitemap, feeds and mails use BASE_URL. Make them the same.
"$PY" manage.py sync_site
debug=$("$PY" manage.py shell --no-imports -c "from django.conf import settings; print(settings.DEBUG)")
if [ "$debug" != "True" ]; then
    # Without DEBUG the development server no longer serves static files; whitenoise
    # serves the collected ones instead.
    "$PY" manage.py collectstatic --noinput --verbosity 0
fi
# Shown with the addresses once the server is up, so that it is not scrolled away.
admin_account=$("$PY" manage.py ensure_admin)

servers=()
stop() {
    # Stop the servers before printing anything: if the output goes through a pipe
    # whose reader Ctrl-C has ended, writing to it would end this script first.
    # Ignored rather than reset: make passes a TERM on to this script too, and
    # a second one must not end it half-way through stopping the servers.
    trap - EXIT
    trap '' INT TERM HUP PIPE
    for group in "${servers[@]}"; do
        kill -TERM -- "-$group" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    echo "Stopped the web server and the task worker." 2>/dev/null || true
}
trap stop INT TERM HUP EXIT

# Job control puts each server in its own process group, so that stopping a group
# also stops the children it forked (the autoreloader's server process).
set -m
"$PY" manage.py runserver "$HOST:$PORT" &
servers+=("$!")
# Supervised: a worker that dies (killed, out of memory) is started again, and the
# scheduler below does what its lost task still owed.
while true; do
    "$PY" manage.py db_worker || true
    echo "The task worker stopped; starting it again." >&2
    sleep 1
done &
servers+=("$!")
# What cron does in production: publish and unpublish what editors scheduled, and
# do the work a lost task still owes (matching, alerts, mail in the outbox).
while sleep 60; do
    "$PY" manage.py publish_scheduled >/dev/null || true
    "$PY" manage.py reconcile >/dev/null || true
done &
servers+=("$!")
set +m

for _ in $(seq 150); do
    (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null && break
    kill -0 "${servers[0]}" 2>/dev/null || break
    sleep 0.2
done

cat <<EOF

fieldops is running; Ctrl-C stops the web server and the task worker.
Scheduled publishing, and work a lost task still owes, are checked every minute.
  site                 $url/en/
  admin                $url/admin/
  demo profile         $url/en/field-operations/astana/
  documents register   $url/en/documents/
  vacancies            $url/en/vacancies/
  job alerts           $url/en/job-alerts/
  open data            $url/en/open-data/
  API documentation    $url/api/v1/docs
  data health          $url/admin/data-health/
  emails               written as files to ${FIELDOPS_VAR_DIR:-var}/mail/

$admin_account
Administrators confirm each sign-in with a code from an authenticator app; the
admin shows how to set one up on the first sign-in.

EOF

# If the web server stops (a crash, or Ctrl-C), everything is stopped.
status=0
wait -n || status=$?
exit "$status"
