#!/usr/bin/env bash
# http-bench.sh — Bascule vs HAProxy side by side in HTTP mode, on loopback only (127.0.0.1).
#
# Starts nginx on loopback (fixed tiny body), writes one HTTP-mode configuration (the same text for
# both proxies, only the ports differ: a frontend with an acl + use_backend rule and an
# http-request set-header, option http-keep-alive), checks each proxy answers through that rule, then
# for each target in turn — no proxy, HAProxy, Bascule; never two proxies at once — measures:
#   - keep-alive request rate        wrk -t1 -c50 -d10s --latency         (requests/s, p50, p99)
#   - new-connection request rate    same with 'Connection: close'        (requests/s, p50, p99)
# Prints a table and writes it as markdown to bench/out/http-last.md. See bench/README.md.
#
# Every process it starts is stopped on exit (trap). Knobs (environment variables), as tcp-bench.sh:
#   DURATION=10        seconds per wrk figure
#   WARMUP=3           seconds of wrk warm-up per target before measuring (JIT, caches)
#   WRK_THREADS=1 WRK_CONNS=50
#   NBTHREAD=1         'nbthread' in global (both proxies)
#   MAXCONN=4000       'maxconn' in global/defaults
#   TARGETS="direct haproxy bascule"
#   TESTS="keep close"  which figures to take
#   ROUNDS=3           repeat the whole sequence; the table shows each figure's median over the rounds
#   PORT_BASE=18000    nginx on +90, HAProxy on +191, Bascule on +291 (+99: the unused default backend)
#   BASCULE_JAR=       run this jar instead of target/bascule.jar (skips the build check)
#   BASCULE_REF=       build this git commit (git archive into a temp dir) and run it, e.g. BASCULE_REF=HEAD
#   BASCULE_JAVA_OPTS= extra JVM options (as for bin/bascule)
#   OUT_DIR=bench/out  (raw outputs in $OUT_DIR/http-logs/)
#   LOG=none           traffic logging, the same for both proxies: none; httplog ('option httplog'); custom
#                      (LOG_FORMAT, a log-format line); both send to a UDP sink (bench/udp_sink.py) on
#                      PORT_BASE+95 through 'log 127.0.0.1:PORT local0', and get a stats socket for
#                      DroppedLogs. bench/http-log-bench.sh runs the three side by side.
set -uo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/.." && pwd)"

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
WRK_THREADS=${WRK_THREADS:-1}
WRK_CONNS=${WRK_CONNS:-50}
NBTHREAD=${NBTHREAD:-1}
MAXCONN=${MAXCONN:-4000}
TARGETS=${TARGETS:-"direct haproxy bascule"}
ROUNDS=${ROUNDS:-3}
TESTS=${TESTS:-"keep close"}
has_test() { case " $TESTS " in *" $1 "*) return 0 ;; esac; return 1; }
PORT_BASE=${PORT_BASE:-18000}
OUT_DIR=${OUT_DIR:-$root/bench/out}
HOST=127.0.0.1
LOG=${LOG:-none}
LOG_FORMAT=${LOG_FORMAT:-'%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %ac/%fc/%bc/%sc/%rc %{+Q}r'}
case "$LOG" in none|httplog|custom) ;; *) echo "LOG must be none, httplog or custom (got '$LOG')" >&2; exit 1 ;; esac
URL_PATH=/bench/ok          # matched by the frontend's acl; anything else goes to a dead backend

NGINX_PORT=$((PORT_BASE + 90))
DEAD_PORT=$((PORT_BASE + 99))   # nothing listens here: a request routed wrongly gets a 503
LOG_PORT=$((PORT_BASE + 95))    # the UDP syslog sink (LOG=httplog|custom)

log() { printf '[http-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for tool in wrk haproxy python3 ss curl; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found (apt-get install ${tool/ss/iproute2})"
done
command -v nginx >/dev/null 2>&1 || die "'nginx' not found: it is the backend (apt-get install nginx-light, or nginx)"

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
NOFILE=$(ulimit -n)

# ---- processes we start, stopped on exit (bench/lib.sh) --------------------------------------------
. "$here/lib.sh"
bench_processes http-bench

bench_outputs http-logs http-results.tsv
require_free_ports $NGINX_PORT $DEAD_PORT $((PORT_BASE + 191)) $((PORT_BASE + 291))

# ---- log sink (LOG=httplog|custom): counts the datagrams both proxies send -------------------------------
SINK_STATE="$TMP/sink.state"
if [ "$LOG" != none ]; then
  ss -Hlun "sport = :$LOG_PORT" 2>/dev/null | grep -q . && die "UDP port $LOG_PORT is already in use (set PORT_BASE)"
  python3 "$here/udp_sink.py" "$LOG_PORT" "$SINK_STATE" >"$LOGS/sink.out" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 50); do [ -s "$SINK_STATE" ] && break; sleep 0.1; done
  [ -s "$SINK_STATE" ] || die "the UDP log sink did not start: $(cat "$LOGS/sink.out")"
  log "log sink up: udp $HOST:$LOG_PORT ($LOG)"
fi
sink_count() { awk 'NR == 1 { print $1 }' "$SINK_STATE" 2>/dev/null; }
sink_settled() { # wait until the sink's count stops moving (the proxy's queue drained), at most 15 s
  local a b deadline=$((SECONDS + 15))
  a=$(sink_count)
  while [ $SECONDS -lt $deadline ]; do
    sleep 0.5; b=$(sink_count)
    [ "$a" = "$b" ] && break
    a=$b
  done
  echo "$a"
}
udp_rcvbuf_errors() { awk '/^Udp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") c = i; h = 1 } else print $c }' /proc/net/snmp; }
show_info_field() { # socket field: a field of 'show info' on a stats socket
  python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(5); s.connect(sys.argv[1]); s.sendall(b"show info\n")
out = b""
while True:
    d = s.recv(65536)
    if not d: break
    out += d
for line in out.decode(errors="replace").splitlines():
    k, _, v = line.partition(":")
    if k.strip() == sys.argv[2]: print(v.strip())
PY
}

# ---- backend: nginx, one worker, a fixed tiny body ---------------------------------------------------
# The body echoes the header the proxies set ("ok 1"), so the pre-flight check below proves the request
# went through the frontend's set-header and acl/use_backend rule. Through no proxy it is "ok -".
mkdir -p "$TMP/nginx/logs" "$TMP/nginx/tmp"
{ nginx_conf_head $((MAXCONN * 2 + 1000)); cat <<EOF
    map \$http_x_bench \$bench_tag { "" "-"; default \$http_x_bench; }
    server {
        listen $HOST:$NGINX_PORT backlog=4096;
        location = /nginx_status {
            stub_status;
        }
        location / {
            default_type text/plain;
            return 200 "ok \$bench_tag\n";
        }
    }
}
EOF
} >"$TMP/nginx/nginx.conf"
nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/logs/error.log" >"$LOGS/nginx.out" 2>&1 &
PIDS+=($!)
wait_port "$NGINX_PORT" 10 $! || die "nginx did not start: $(cat "$LOGS/nginx.out" "$TMP/nginx/logs/error.log" 2>/dev/null)"
log "backend up: nginx $HOST:$NGINX_PORT"

# ---- the proxy configuration: one text, only the port differs ----------------------------------------
write_cfg() { # file port target
  local glog="" dlog=""
  if [ "$LOG" != none ]; then
    glog="    log $HOST:$LOG_PORT local0
    stats socket $TMP/$3.sock level admin"
    dlog="    log global"
    if [ "$LOG" = httplog ]; then dlog="$dlog
    option httplog"; else dlog="$dlog
    log-format \"$LOG_FORMAT\""; fi
  fi
  cat >"$1" <<EOF
global
    maxconn $MAXCONN
    nbthread $NBTHREAD
${glog}

defaults
    mode http
    maxconn $MAXCONN
${dlog}
    option http-keep-alive
    timeout connect 5s
    timeout client 120s
    timeout server 120s
    timeout http-request 10s
    timeout http-keep-alive 120s

frontend http_in
    bind $HOST:$2
    acl is_bench path_beg /bench/
    http-request set-header X-Bench 1
    use_backend be_nginx if is_bench
    default_backend be_unused

backend be_nginx
    balance roundrobin
    server nginx $HOST:$NGINX_PORT

backend be_unused
    server nowhere $HOST:$DEAD_PORT
EOF
}
write_cfg "$LOGS/haproxy.cfg" $((PORT_BASE + 191)) haproxy
write_cfg "$LOGS/bascule.cfg" $((PORT_BASE + 291)) bascule

# ---- Bascule: make sure the jar is current, then run a private copy (others may rebuild target/) ----
# (same as tcp-bench.sh)
BASCULE_VERSION=""
BASCULE_SOURCE=""
prepare_bascule() {
  # shellcheck source=../bin/jdk.sh
  . "$root/bin/jdk.sh"
  bascule_find_jdk || return 1
  local jar=${BASCULE_JAR:-}
  BASCULE_SOURCE="jar $jar"
  if [ -z "$jar" ] && [ -n "${BASCULE_REF:-}" ]; then
    local rev
    rev=$(git -C "$root" rev-parse --short "$BASCULE_REF") || return 1
    BASCULE_SOURCE="commit $rev"
    log "building Bascule at commit $rev in a temp dir..."
    mkdir -p "$TMP/src"
    git -C "$root" archive "$rev" | tar -x -C "$TMP/src" || return 1
    if ! (cd "$TMP/src" && timeout 900 ./mvnw -o -q -B -DskipTests package) >"$LOGS/bascule-build.log" 2>&1; then
      log "build of $rev failed (see $LOGS/bascule-build.log)"; return 1
    fi
    jar="$TMP/src/target/bascule.jar"
  elif [ -z "$jar" ]; then
    BASCULE_SOURCE="work tree (target/bascule.jar, $(git -C "$root" rev-parse --short HEAD 2>/dev/null) + uncommitted changes: $(git -C "$root" status --porcelain -- src pom.xml 2>/dev/null | wc -l) files)"
    jar="$root/target/bascule.jar"
    if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
      log "building $jar (sources newer than the jar)..."
      if ! (cd "$root" && timeout 900 ./mvnw -o -q -B -DskipTests package) >"$LOGS/bascule-build.log" 2>&1; then
        log "WARNING: build failed (see $LOGS/bascule-build.log); using the existing jar if any"
      fi
    fi
  fi
  [ -f "$jar" ] || { log "no Bascule jar at $jar"; return 1; }
  cp "$jar" "$TMP/bascule.jar"
  BASCULE_VERSION="$("$JAVA_HOME/bin/java" -jar "$TMP/bascule.jar" -v 2>&1 | head -1) (jar built $(date -r "$jar" '+%Y-%m-%d %H:%M:%S'))"
}

http_port() { case $1 in direct) echo "$NGINX_PORT" ;; haproxy) echo $((PORT_BASE + 191)) ;; bascule) echo $((PORT_BASE + 291)) ;; esac; }

PROXY_PID=""
start_proxy() { # target
  local t=$1 cfg="$LOGS/$1.cfg"
  case "$t" in
    haproxy)
      haproxy -db -f "$cfg" >>"$LOGS/haproxy.log" 2>&1 &
      PROXY_PID=$! ;;
    bascule)
      # same JVM flags as bin/bascule (bin/jdk.sh), on a private copy of the jar
      # shellcheck disable=SC2046,SC2086
      "$JAVA_HOME/bin/java" $(bascule_jvm_flags) ${BASCULE_JAVA_OPTS:-} -jar "$TMP/bascule.jar" -db -f "$cfg" \
        >>"$LOGS/bascule.log" 2>&1 &
      PROXY_PID=$! ;;
  esac
  PIDS+=("$PROXY_PID")
  if ! wait_port "$(http_port "$t")" 60 "$PROXY_PID"; then
    log "$t did not start listening on $(http_port "$t") within 60 s (or exited); its log ($LOGS/$t.log):"
    tail -20 "$LOGS/$t.log" >&2
    stop_pid "$PROXY_PID"; PROXY_PID=""; return 1
  fi
  return 0
}

# one request through the target: 200 and the body nginx gives when the proxy set X-Bench (routing and
# set-header work), before any figure is taken
preflight() { # target
  local t=$1 want="ok 1" got code
  [ "$t" = direct ] && want="ok -"
  got=$(curl -sS -m 5 -o "$TMP/preflight.body" -w '%{http_code}' "http://$HOST:$(http_port "$t")$URL_PATH" 2>&1)
  code=$got
  if [ "$code" != 200 ] || [ "$(cat "$TMP/preflight.body" 2>/dev/null)" != "$want" ]; then
    log "$t: pre-flight request failed: status '$code', body '$(head -c 200 "$TMP/preflight.body" 2>/dev/null)' (expected 200 '$want')"
    return 1
  fi
  if [ "$LOG" != none ] && [ "$t" != direct ]; then # the request's log line must reach the sink
    local n0=$PREFLIGHT_SINK deadline=$((SECONDS + 5))
    while [ $SECONDS -lt $deadline ] && [ "$(sink_count)" = "$n0" ]; do sleep 0.1; done
    if [ "$(sink_count)" = "$n0" ]; then log "$t: pre-flight: no log line reached the sink within 5 s"; return 1; fi
    sleep 0.3
    sed -n 2p "$SINK_STATE" >"$LOGS/$t-logline.txt"
    log "$t log line: $(cat "$LOGS/$t-logline.txt")"
  fi
  return 0
}

rss_kb() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' '; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
CLK_TCK=$(getconf CLK_TCK)
cpu_pct() { # ticks_before ticks_after seconds -> % of one core
  awk -v a="$1" -v b="$2" -v s="$3" -v hz="$CLK_TCK" 'BEGIN { printf "%.0f", (b - a) / hz / s * 100 }'
}
nginx_accepts() { curl -s -m 5 "http://$HOST:$NGINX_PORT/nginx_status" | awk 'NR == 3 { print $1 }'; }
backend_conns() { ss -Htn state established "( sport = :$NGINX_PORT )" 2>/dev/null | wc -l; }
alive() { [ -z "$PROXY_PID" ] || kill -0 "$PROXY_PID" 2>/dev/null; }

# wrk output -> requests/s, a latency percentile in ms, socket errors, non-2xx/3xx responses
wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
wrk_pct() { # file "50%"|"99%"
  awk -v p="$2" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
         f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1;
         printf "%.2f", v * f }' "$1"
}
wrk_sockerr() { awk '/Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$1"; }
wrk_non2xx() { awk '/Non-2xx or 3xx responses:/ { n += $5 } END { print n + 0 }' "$1"; }

run_wrk() { # target label extra-args...
  local t=$1 label=$2; shift 2
  local out="$LOGS/$t-wrk-$label-r$round.txt" c0 c1 a0 a1 l0 l1 u0 u1
  if [ "$LOG" != none ]; then l0=$(sink_settled); u0=$(udp_rcvbuf_errors); fi
  a0=$(nginx_accepts)
  c0=$( [ -n "$PROXY_PID" ] && cpu_ticks "$PROXY_PID" )
  timeout $((DURATION + 30)) wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${DURATION}s" --latency "$@" \
    "http://$HOST:$(http_port "$t")$URL_PATH" >"$out" 2>&1
  c1=$( [ -n "$PROXY_PID" ] && cpu_ticks "$PROXY_PID" )
  a1=$(nginx_accepts)
  local rps p50 p99 se nx reqs
  reqs=$(awk '/ requests in / { print $1 }' "$out")
  # connections nginx accepted per request: ~0 = the proxy reuses server connections, 1 = one per request
  if [ -n "$a0" ] && [ -n "$a1" ] && [ "${reqs:-0}" -gt 0 ]; then
    put "$t" "srvconn_$label" "$(awk -v a="$a0" -v b="$a1" -v n="$reqs" 'BEGIN { printf "%.3f", (b - a) / n }')"
  fi
  if [ "$LOG" != none ] && [ "$t" != direct ] && [ "${reqs:-0}" -gt 0 ]; then
    # every request ends in one line; wrk stops with up to WRK_CONNS requests in flight, which log too
    l1=$(sink_settled); u1=$(udp_rcvbuf_errors)
    put "$t" "loglines_$label" "$(awk -v a="$l0" -v b="$l1" -v n="$reqs" 'BEGIN { printf "%.4f", (b - a) / n }')"
    put "$t" "udpdrop_$label" "$((u1 - u0))"
    log "$t $label: $((l1 - l0)) log lines for $reqs requests, $((u1 - u0)) datagrams dropped by the kernel (UDP receive buffer, machine-wide)"
  fi
  rps=$(wrk_rps "$out"); p50=$(wrk_pct "$out" 50%); p99=$(wrk_pct "$out" 99%)
  se=$(wrk_sockerr "$out"); nx=$(wrk_non2xx "$out")
  put "$t" "rps_$label" "${rps:-FAILED}"
  put "$t" "p50_$label" "${p50:-}"
  put "$t" "p99_$label" "${p99:-}"
  put "$t" "sockerr_$label" "$se"
  put "$t" "non2xx_$label" "$nx"
  [ -n "$PROXY_PID" ] && put "$t" "cpu_$label" "$(cpu_pct "$c0" "$c1" "$DURATION")"
  log "$t $label: ${rps:-FAILED} req/s, p50 ${p50:-?} ms, p99 ${p99:-?} ms, socket errors $se, non-2xx $nx"
}

# ---- run ----------------------------------------------------------------------------------------------
BASCULE_READY=""
FAILED=""
for round in $(seq "$ROUNDS"); do
for t in $TARGETS; do
  log "=== $t (round $round of $ROUNDS) ==="
  PROXY_PID=""
  if [ "$t" = bascule ] && [ -z "$BASCULE_READY" ]; then
    prepare_bascule || { log "ERROR: no Bascule to run"; put bascule note "NOT RUN (build/jar)"; FAILED=1; continue; }
    BASCULE_READY=1
  fi
  if [ "$t" != direct ]; then
    start_proxy "$t" || { log "ERROR: $t failed to start"; put "$t" note "DID NOT START"; FAILED=1; continue; }
    sleep 1
    put "$t" rss_start_mb "$(awk -v k="$(rss_kb "$PROXY_PID")" 'BEGIN { printf "%.1f", k / 1024 }')"
  fi
  PREFLIGHT_SINK=$(sink_count)
  if ! preflight "$t"; then
    put "$t" note "pre-flight request failed"; FAILED=1
    [ -n "$PROXY_PID" ] && stop_pid "$PROXY_PID"
    continue
  fi
  if [ "$WARMUP" -gt 0 ]; then
    timeout $((WARMUP + 20)) wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${WARMUP}s" \
      "http://$HOST:$(http_port "$t")$URL_PATH" >"$LOGS/$t-wrk-warmup-r$round.txt" 2>&1
  fi
  left_keep=- left_close=-
  if has_test keep; then
    run_wrk "$t" keep
    alive || { log "ERROR: $t DIED during the keep-alive test"; put "$t" note "died"; FAILED=1; continue; }
    sleep 1; left_keep=$(backend_conns)
  fi
  if has_test close; then
    run_wrk "$t" close -H "Connection: close"
    alive || { log "ERROR: $t DIED during the new-connection test"; put "$t" note "died"; FAILED=1; continue; }
    sleep 1; left_close=$(backend_conns)
  fi
  put "$t" leftover "$left_keep / $left_close"
  if [ "$t" != direct ] && [ "$LOG" != none ]; then
    put "$t" droppedlogs "$(show_info_field "$TMP/$t.sock" DroppedLogs)"
  fi
  if [ "$t" != direct ]; then
    put "$t" rss_end_mb "$(awk -v k="$(rss_kb "$PROXY_PID")" 'BEGIN { printf "%.1f", k / 1024 }')"
    stop_pid "$PROXY_PID"
  fi
  sleep 1
done
done

# stack traces / errors the proxies printed (both run with -db: everything goes to their log)
for t in haproxy bascule; do
  [ -f "$LOGS/$t.log" ] || continue
  n=$(grep -cE 'Exception|ERROR|\[ALERT\]|SEVERE' "$LOGS/$t.log")
  put "$t" logerr "$n"
  [ "$n" -gt 0 ] && log "$t printed $n error/exception lines: see $LOGS/$t.log"
done

# ---- report -------------------------------------------------------------------------------------------
META="$TMP/meta.tsv"
{
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  printf 'command\t%s\n' "${BASCULE_REF:+BASCULE_REF=$BASCULE_REF }${BASCULE_JAR:+BASCULE_JAR=$BASCULE_JAR }LOG=$LOG TESTS=\"$TESTS\" ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP WRK_CONNS=$WRK_CONNS NBTHREAD=$NBTHREAD MAXCONN=$MAXCONN bench/http-bench.sh"
  printf 'machine\t%s cores, kernel %s, load average at end: %s\n' "$(nproc)" "$(uname -r)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'haproxy\t%s\n' "$(haproxy -v 2>&1 | head -1)"
  printf 'bascule\t%s; built from %s\n' "${BASCULE_VERSION:-not run}" "${BASCULE_SOURCE:-—}"
  printf 'java\t%s\n' "$( [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | head -1 || echo n/a)"
  printf 'figures\t%s\n' "$( [ "$ROUNDS" -gt 1 ] && echo "median of $ROUNDS rounds (each round runs the targets in turn)" || echo "one round")"
  printf 'setup\t%s\n' "wrk -t$WRK_THREADS -c$WRK_CONNS -d${DURATION}s --latency GET $URL_PATH after a ${WARMUP}s warm-up; proxies: mode http, nbthread $NBTHREAD, maxconn $MAXCONN, option http-keep-alive, acl + use_backend + http-request set-header; logging: $( [ "$LOG" = none ] && echo none || echo "log $HOST:$LOG_PORT local0 (UDP sink), $( [ "$LOG" = httplog ] && echo 'option httplog' || echo "log-format \"$LOG_FORMAT\"")"); nginx 1 worker, 'ok 1' body"
} >"$META"
echo
python3 "$here/report.py" "$RES" "$META" "$OUT_DIR/http-last.md" http
echo
if grep -q "note" "$RES"; then grep "note" "$RES" >&2; fi
log "markdown: $OUT_DIR/http-last.md, raw outputs: $LOGS/"
[ -z "$FAILED" ] || die "some targets failed (see the notes above)"
