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

source scripts/lib/processes.sh
on_stop_say "Stopped the web server and the task worker."
# Job control puts each server in its own process group, so that stopping a group
# also stops the children it forked (the autoreloader's server process).
set -m
start_server "$PY" manage.py runserver "$HOST:$PORT"
# Supervised: a worker that dies (killed, out of memory) is started again, and the
# scheduler below does what its lost task still owed. Without the autoreloader:
# killing its watching process would leave the worker it forked running beside
# the one started again. After changing the code, restart `make run`.
start_server supervise "The task worker" "$PY" manage.py db_worker --no-reload
start_server every_minute_run_scheduled_jobs >/dev/null
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
wait_for_any_server
