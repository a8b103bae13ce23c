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

bench_outputs() { # logs-subdir results-file: fresh $LOGS and $RES under $OUT_DIR; put() appends a result
  mkdir -p "$OUT_DIR"
  LOGS="$OUT_DIR/$1"
  rm -rf "$LOGS"; mkdir -p "$LOGS"
  RES="$OUT_DIR/$2"
  : >"$RES"
}
put() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$RES"; }

require_free_ports() { # port...: stop when one is taken
  local p
  for p in "$@"; do port_free "$p" || die "port $p is already in use (set PORT_BASE)"; done
}

nginx_conf_head() { # worker_connections: the start of a quiet single-worker nginx config under $TMP/nginx
  # (made by the caller), up to and including the opening of the http block; the caller adds the rest
  cat <<EOF
daemon off;
master_process off;
worker_processes 1;
worker_rlimit_nofile $NOFILE;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events {
    worker_connections $1;
    multi_accept on;
}
http {
    access_log off;
    client_body_temp_path $TMP/nginx/tmp/body;
    proxy_temp_path $TMP/nginx/tmp/proxy;
    fastcgi_temp_path $TMP/nginx/tmp/fastcgi;
    uwsgi_temp_path $TMP/nginx/tmp/uwsgi;
    scgi_temp_path $TMP/nginx/tmp/scgi;
    keepalive_requests 10000000;
    keepalive_timeout 300s;
    client_header_timeout 300s;
EOF
}
