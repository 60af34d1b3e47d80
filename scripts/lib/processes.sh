# The servers of scripts/run.sh and scripts/production.sh: each started in its
# own process group, all stopped together when the script ends or when any of
# them stops. Sourced, not run:
#
#   source scripts/lib/processes.sh
#   on_stop_say "Stopped the web server."    # what stopping prints
#   set -m                                     # each job in its own group
#   start_server some-server --flag
#   start_server supervise "The task worker" "$PY" manage.py db_worker
#   start_server every_minute_run_scheduled_jobs >/dev/null
#   set +m
#   wait_for_any_server                        # then exits with its status

servers=()
stopped_message="Stopped."

on_stop_say() {
    stopped_message=$1
}

stop_servers() {
    # Stop the servers before printing anything: if the output goes through a pipe
    # whose reader Ctrl-C has ended, writing to it would end this script first.
    # Ignored rather than reset: make passes a TERM on to this script too, and
    # a second one must not end it half-way through stopping the servers.
    trap - EXIT
    trap '' INT TERM HUP PIPE
    local group
    for group in "${servers[@]}"; do
        # A whole group, so that the children a server forked stop too (the
        # autoreloader's server process, gunicorn's workers).
        kill -TERM -- "-$group" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    echo "$stopped_message" 2>/dev/null || true
}
trap stop_servers INT TERM HUP EXIT

# Runs "$@" in the background, as a server stopped with the others. Call it
# between `set -m` and `set +m`, so that it gets a process group of its own.
start_server() {
    "$@" &
    servers+=("$!")
}

# Runs the command "$2"... again whenever it stops (killed, out of memory),
# saying so on standard error with its name "$1".
supervise() {
    local name=$1
    shift
    while true; do
        "$@" || true
        echo "$name stopped; starting it again." >&2
        sleep 1
    done
}

# What cron does in production, once a minute: publish and unpublish what
# editors scheduled, and do the work a lost task still owes (matching, alerts,
# mail in the outbox). $PY is the project's Python.
every_minute_run_scheduled_jobs() {
    while sleep 60; do
        "$PY" manage.py publish_scheduled || true
        "$PY" manage.py reconcile || true
    done
}

# Waits until any server stops (or a signal stops them all), then exits with
# its status; the EXIT trap stops the others.
wait_for_any_server() {
    local status=0
    wait -n || status=$?
    exit "$status"
}
