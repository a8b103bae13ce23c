# Shared by the bench scripts (sourced): the processes a run starts, stopped on exit, and port helpers.
# The sourcing script defines log() and die().

PIDS=()

bench_processes() { # name: a temporary directory $TMP, removed with every started process on exit
  TMP=$(mktemp -d "/tmp/$1.XXXXXX")
  trap cleanup EXIT
  trap 'log "interrupted"; exit 130' INT TERM
}

stop_pid() { # pid: TERM, wait up to 5 s, then KILL
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  rm -rf "$TMP"
}

wait_port() { # port deadline_s pid: wait until something listens on 127.0.0.1:port
  local port=$1 deadline=$((SECONDS + $2)) pid=${3:-}
  while [ $SECONDS -lt $deadline ]; do
    if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}

port_free() { ! ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
