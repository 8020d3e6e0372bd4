#!/usr/bin/env bash
# Run N server processes on this host, for nginx in front of them (deploy/nginx.conf, docs/deploy.md).
#
#   deploy/run-processes.sh [N]        N processes (default 2) on 127.0.0.1:5001 … 500N
#
# They share one database file (DIALOGUE_DB, default dialogue.db) and their broadcasts go through
# Redis: DIALOGUE_MESSAGE_QUEUE if set, else a redis-server on 127.0.0.1:6379, started here if none
# is running there. The first process creates the demo meeting in a new database; the others do
# not. Ctrl-C (or SIGTERM) stops them all; so does any one of them stopping.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-2}
db=${DIALOGUE_DB:-dialogue.db}
python=${PYTHON:-python}
pids=()

stop() {
  trap - INT TERM
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait || true
}
trap 'stop; exit 0' INT TERM

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() {  # port, pid of the process that should open it
  for _ in $(seq 300); do
    listening "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "process $2 exited before listening on port $1" >&2; stop; exit 1; }
    sleep 0.1
  done
  echo "nothing listens on port $1 after 30 s" >&2; stop; exit 1
}

if [ -n "${DIALOGUE_MESSAGE_QUEUE:-}" ]; then
  queue=$DIALOGUE_MESSAGE_QUEUE
else
  queue=redis://127.0.0.1:6379/0
  if ! listening 6379; then
    command -v redis-server >/dev/null || { echo "install redis-server, or set DIALOGUE_MESSAGE_QUEUE" >&2; exit 1; }
    # Publish/subscribe only: nothing to save to disk.
    redis-server --port 6379 --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
    pids+=($!)
    wait_for_port 6379 $!
  fi
fi

# One after the other: the first creates (and migrates) the database before the next opens it.
for k in $(seq "$n"); do
  port=$((5000 + k))
  demo=()
  [ "$k" -gt 1 ] && demo=(--no-demo)
  "$python" -m server --host 127.0.0.1 --port "$port" --db "$db" --message-queue "$queue" --behind-proxy "${demo[@]}" &
  pids+=($!)
  wait_for_port "$port" $!
done

echo "$n processes running. The screens use nginx: http://<this host's address>/ (port 80)," \
  "not the 127.0.0.1 addresses printed above. Ctrl-C stops them all."
wait -n || true
echo "a process stopped: stopping the others" >&2
stop
exit 1
