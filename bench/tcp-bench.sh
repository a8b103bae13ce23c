#!/usr/bin/env bash
# tcp-bench.sh — Bascule vs HAProxy side by side in TCP mode, on loopback only (127.0.0.1).
#
# Starts nginx (HTTP backend for wrk) and iperf3 -s on loopback, writes one TCP-mode configuration
# (the same text for both proxies, only the ports differ), then for each target in turn — no proxy,
# HAProxy, Bascule; never two proxies at once — measures:
#   - persistent-connection request rate   wrk -t1 -c50 --latency        (requests/s, p99)
#   - new-connection request rate          same with 'Connection: close' (requests/s, p99)
#   - throughput                           iperf3 -c ... -J               (Gbit/s)
#   - memory per idle proxied connection   N idle sockets through the proxy, RSS before/after (KB/conn)
# Prints a table and writes it as markdown to bench/out/last.md. See bench/README.md.
#
# Every process it starts is stopped on exit (trap). All knobs are environment variables:
#   DURATION=10        seconds per wrk / iperf3 figure
#   WARMUP=3           seconds of wrk warm-up per target before measuring (JIT, caches)
#   WRK_THREADS=1 WRK_CONNS=50
#   IDLE_CONNS=2000    idle connections for the memory figure; IDLE_SETTLE=2 seconds before reading RSS
#   IDLE_WARMUP_CONNS=100  connections of the warm-up round before the measured one
#   IDLE_FRESH=1       restart the proxy before the idle test (a JVM whose heap already grew under the
#                      wrk tests shows no RSS growth at all); 0 = measure on the proxy as the tests left it
#   NBTHREAD=1         'nbthread' in global (both proxies)
#   MAXCONN=           'maxconn' in global/defaults; default 20000, lowered to what 'ulimit -n' allows
#   TARGETS="direct haproxy bascule"
#   TESTS="keep close iperf idle"   which figures to take
#   SPLICE=            unset: the configuration says nothing about splice (each proxy's default: HAProxy
#                      2.6 copies, Bascule splices a direction after 64 KiB); 'on': 'option splice-auto'
#                      in defaults; 'off': 'nosplice' in global (both are HAProxy keywords)
#   ROUNDS=1           repeat the whole sequence; the table shows each figure's median over the rounds
#   PORT_BASE=18000    nginx on +80, iperf3 -s on +201, HAProxy on +181/+182, Bascule on +281/+282
#   BASCULE_JAR=       run this jar instead of target/bascule.jar (skips the build check)
#   BASCULE_REF=       build this git commit (git archive into a temp dir) and run it: a fixed version
#                      even while the work tree is being edited, e.g. BASCULE_REF=HEAD
#   BASCULE_JAVA_OPTS= extra JVM options (as for bin/bascule)
#   OUT_DIR=bench/out
set -uo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/.." && pwd)"

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
WRK_THREADS=${WRK_THREADS:-1}
WRK_CONNS=${WRK_CONNS:-50}
IDLE_CONNS=${IDLE_CONNS:-2000}
IDLE_SETTLE=${IDLE_SETTLE:-2}
IDLE_WARMUP_CONNS=${IDLE_WARMUP_CONNS:-100}
IDLE_FRESH=${IDLE_FRESH:-1}
NBTHREAD=${NBTHREAD:-1}
TARGETS=${TARGETS:-"direct haproxy bascule"}
ROUNDS=${ROUNDS:-1}
TESTS=${TESTS:-"keep close iperf idle"}
SPLICE=${SPLICE:-}
case "$SPLICE" in ""|on|off) ;; *) echo "SPLICE must be on, off or unset" >&2; exit 2 ;; esac
has_test() { case " $TESTS " in *" $1 "*) return 0 ;; esac; return 1; }
PORT_BASE=${PORT_BASE:-18000}
OUT_DIR=${OUT_DIR:-$root/bench/out}
HOST=127.0.0.1

NGINX_PORT=$((PORT_BASE + 80))
IPERF_PORT=$((PORT_BASE + 201))

log() { printf '[tcp-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for tool in wrk iperf3 haproxy python3 ss nginx; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found (apt-get install ${tool/ss/iproute2})"
done

# ---- file descriptors: 2 per proxied connection, plus the idle-test client and nginx ----------------
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
NOFILE=$(ulimit -n)
if [ -z "${MAXCONN:-}" ]; then
  MAXCONN=20000
  # HAProxy refuses to start when it cannot get 2*maxconn+some fds (2.5*maxconn with splice: pipes);
  # stay inside the hard limit
  fd_per_conn_x2=4; [ "${SPLICE:-}" = on ] && fd_per_conn_x2=5
  if [ "$NOFILE" != unlimited ] && [ $((fd_per_conn_x2 * MAXCONN / 2 + 200)) -gt "$NOFILE" ]; then
    MAXCONN=$(( (NOFILE - 200) * 2 / fd_per_conn_x2 / 1000 * 1000 ))
  fi
fi
[ "$IDLE_CONNS" -lt "$MAXCONN" ] || die "IDLE_CONNS=$IDLE_CONNS must be below MAXCONN=$MAXCONN"

# ---- processes we start, stopped on exit (bench/lib.sh) --------------------------------------------
. "$here/lib.sh"
bench_processes tcp-bench

bench_outputs logs results.tsv
require_free_ports $NGINX_PORT $IPERF_PORT $((PORT_BASE + 181)) $((PORT_BASE + 182)) $((PORT_BASE + 281)) $((PORT_BASE + 282))

# ---- backends ---------------------------------------------------------------------------------------
mkdir -p "$TMP/nginx/logs" "$TMP/nginx/tmp"
{ nginx_conf_head $((IDLE_CONNS * 2 + 1000)); cat <<EOF
    server {
        listen $HOST:$NGINX_PORT backlog=4096;
        location / {
            default_type text/plain;
            return 200 "ok\n";
        }
    }
}
EOF
} >"$TMP/nginx/nginx.conf"
nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/logs/error.log" >"$LOGS/nginx.out" 2>&1 &
PIDS+=($!)
wait_port "$NGINX_PORT" 10 $! || die "nginx did not start: $(cat "$LOGS/nginx.out" "$TMP/nginx/logs/error.log" 2>/dev/null)"

iperf3 -s -B "$HOST" -p "$IPERF_PORT" >"$LOGS/iperf3-server.log" 2>&1 &
PIDS+=($!)
wait_port "$IPERF_PORT" 10 $! || die "iperf3 -s did not start: $(cat "$LOGS/iperf3-server.log")"
log "backends up: nginx $HOST:$NGINX_PORT, iperf3 -s $HOST:$IPERF_PORT"

# ---- the proxy configuration: one text, only the ports differ -----------------------------------------
write_cfg() { # file http_port iperf_port
  cat >"$1" <<EOF
global
    maxconn $MAXCONN
    nbthread $NBTHREAD$( [ "$SPLICE" = off ] && printf '\n    nosplice')

defaults
    mode tcp
    maxconn $MAXCONN$( [ "$SPLICE" = on ] && printf '\n    option splice-auto')
    timeout connect 5s
    timeout client 120s
    timeout server 120s

listen http_in
    bind $HOST:$2
    balance roundrobin
    server nginx $HOST:$NGINX_PORT

listen iperf_in
    bind $HOST:$3
    balance roundrobin
    server iperf3 $HOST:$IPERF_PORT
EOF
}
write_cfg "$LOGS/haproxy.cfg" $((PORT_BASE + 181)) $((PORT_BASE + 182))
write_cfg "$LOGS/bascule.cfg" $((PORT_BASE + 281)) $((PORT_BASE + 282))

# ---- Bascule: make sure the jar is current, then run a private copy (others may rebuild target/) ----
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
    if ! (cd "$TMP/src" && timeout 900 ./mvnw -q -B -DskipTests package) >"$LOGS/bascule-build.log" 2>&1; then
      log "build of $rev failed (see $LOGS/bascule-build.log)"; return 1
    fi
    jar="$TMP/src/target/bascule.jar"
  elif [ -z "$jar" ]; then
    BASCULE_SOURCE="work tree (target/bascule.jar, $(git -C "$root" rev-parse --short HEAD 2>/dev/null) + uncommitted changes: $(git -C "$root" status --porcelain -- src pom.xml 2>/dev/null | wc -l) files)"
    jar="$root/target/bascule.jar"
    if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
      log "building $jar (sources newer than the jar)..."
      if ! (cd "$root" && timeout 900 ./mvnw -q -B -DskipTests package) >"$LOGS/bascule-build.log" 2>&1; then
        log "WARNING: build failed (see $LOGS/bascule-build.log); using the existing jar if any"
      fi
    fi
  fi
  [ -f "$jar" ] || { log "no Bascule jar at $jar"; return 1; }
  cp "$jar" "$TMP/bascule.jar"
  BASCULE_VERSION="$("$JAVA_HOME/bin/java" -jar "$TMP/bascule.jar" -v 2>&1 | head -1) (jar built $(date -r "$jar" '+%Y-%m-%d %H:%M:%S'))"
}

PROXY_PID=""
start_proxy() { # target
  local t=$1 cfg="$LOGS/$1.cfg"
  case "$t" in
    haproxy)
      haproxy -db -f "$cfg" >"$LOGS/haproxy.log" 2>&1 &
      PROXY_PID=$! ;;
    bascule)
      # same JVM flags as bin/bascule (bin/jdk.sh), on a private copy of the jar
      # shellcheck disable=SC2046,SC2086
      "$JAVA_HOME/bin/java" $(bascule_jvm_flags) ${BASCULE_JAVA_OPTS:-} -jar "$TMP/bascule.jar" -db -f "$cfg" \
        >"$LOGS/bascule.log" 2>&1 &
      PROXY_PID=$! ;;
  esac
  PIDS+=("$PROXY_PID")
  if ! wait_port "$(http_port "$t")" 60 "$PROXY_PID" || ! wait_port "$(iperf_port "$t")" 10 "$PROXY_PID"; then
    log "$t did not start listening within the deadline (or exited); log:"; tail -20 "$LOGS/$t.log" >&2
    stop_pid "$PROXY_PID"; PROXY_PID=""; return 1
  fi
  return 0
}
http_port() { case $1 in direct) echo "$NGINX_PORT" ;; haproxy) echo $((PORT_BASE + 181)) ;; bascule) echo $((PORT_BASE + 281)) ;; esac; }
iperf_port() { case $1 in direct) echo "$IPERF_PORT" ;; haproxy) echo $((PORT_BASE + 182)) ;; bascule) echo $((PORT_BASE + 282)) ;; esac; }

rss_kb() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' '; }
cpu_ticks() { # utime+stime of pid (clock ticks)
  awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}
CLK_TCK=$(getconf CLK_TCK)
cpu_pct() { # ticks_before ticks_after seconds -> % of one core
  awk -v a="$1" -v b="$2" -v s="$3" -v hz="$CLK_TCK" 'BEGIN { printf "%.0f", (b - a) / hz / s * 100 }'
}
backend_conns() { ss -Htn state established "( sport = :$NGINX_PORT )" 2>/dev/null | wc -l; }
alive() { [ -z "$PROXY_PID" ] || kill -0 "$PROXY_PID" 2>/dev/null; }

# wrk output -> requests/s, p99 in ms, error count
wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
wrk_p99() {
  awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
         f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1;
         printf "%.2f", v * f }' "$1"
}
wrk_errors() {
  awk '/Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
       /Non-2xx or 3xx responses:/ { n += $5 }
       END { print n + 0 }' "$1"
}

run_wrk() { # target label extra-args...
  local t=$1 label=$2; shift 2
  local port; port=$(http_port "$t")
  local out="$LOGS/$t-wrk-$label.txt" c0 c1
  c0=$( [ -n "$PROXY_PID" ] && cpu_ticks "$PROXY_PID" )
  timeout $((DURATION + 30)) wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${DURATION}s" --latency "$@" \
    "http://$HOST:$port/" >"$out" 2>&1
  c1=$( [ -n "$PROXY_PID" ] && cpu_ticks "$PROXY_PID" )
  local rps p99 err
  rps=$(wrk_rps "$out"); p99=$(wrk_p99 "$out"); err=$(wrk_errors "$out")
  put "$t" "rps_$label" "${rps:-FAILED}"
  put "$t" "p99_$label" "${p99:-}"
  put "$t" "err_$label" "${err:-}"
  [ -n "$PROXY_PID" ] && put "$t" "cpu_$label" "$(cpu_pct "$c0" "$c1" "$DURATION")"
  log "$t $label: ${rps:-FAILED} req/s, p99 ${p99:-?} ms, errors ${err:-?}"
}

run_iperf() { # target
  local t=$1 port out="$LOGS/$1-iperf3.json" c0 c1
  port=$(iperf_port "$t")
  c0=$( [ -n "$PROXY_PID" ] && cpu_ticks "$PROXY_PID" )
  timeout $((DURATION + 30)) iperf3 -c "$HOST" -p "$port" -t "$DURATION" -J >"$out" 2>&1
  c1=$( [ -n "$PROXY_PID" ] && cpu_ticks "$PROXY_PID" )
  local gbps
  gbps=$(python3 - "$out" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    if d.get("error"):
        print("ERROR: " + d["error"], file=sys.stderr)
    else:
        print(f'{d["end"]["sum_received"]["bits_per_second"] / 1e9:.2f}')
except Exception as e:
    print(f"cannot parse iperf3 output: {e}", file=sys.stderr)
PY
  )
  put "$t" iperf_gbps "${gbps:-FAILED}"
  [ -n "$PROXY_PID" ] && put "$t" cpu_iperf "$(cpu_pct "$c0" "$c1" "$DURATION")"
  log "$t iperf3: ${gbps:-FAILED} Gbit/s"
  sleep 1 # let iperf3 -s get ready for the next test
}

IDLE_RESULT=""
idle_round() { # target label n -> IDLE_RESULT="kb_per_conn opened alive backend_conns rss0 rss1"
  local t=$1 label=$2 n=$3 port ready="$TMP/idle-ready" rss0 rss1 py out
  out="$LOGS/$t-idle-$label.txt"
  port=$(http_port "$t")
  rm -f "$ready"
  rss0=$(rss_kb "$PROXY_PID")
  python3 "$here/idle_conns.py" "$HOST" "$port" "$n" $((IDLE_SETTLE + 8)) "$ready" >"$out" 2>&1 &
  py=$!
  PIDS+=("$py")
  local deadline=$((SECONDS + 90))
  while [ ! -f "$ready" ] && [ $SECONDS -lt $deadline ] && kill -0 "$py" 2>/dev/null; do sleep 0.1; done
  sleep "$IDLE_SETTLE"
  rss1=$(rss_kb "$PROXY_PID")
  local backend heap_with="" heap_without=""
  backend=$(ss -Htn state established "( sport = :$NGINX_PORT )" 2>/dev/null | wc -l)
  # the JVM: live heap with and without the connections, each after a full GC (RSS is already read)
  [ "$t" = bascule ] && [ "$label" = measure ] && heap_with=$(live_heap_kb "$LOGS/$t-heap-$label-with.txt")
  wait "$py" 2>/dev/null
  if [ -n "$heap_with" ]; then
    sleep 1; heap_without=$(live_heap_kb "$LOGS/$t-heap-$label-without.txt")
  fi
  local opened aliveN
  opened=$(sed -n 's/.*opened=\([0-9]*\).*/\1/p' "$out" | tail -1)
  aliveN=$(sed -n 's/.*alive=\([0-9]*\).*/\1/p' "$out" | tail -1)
  [ -z "$opened" ] && opened=$(sed -n 's/.*opened=\([0-9]*\).*/\1/p' "$ready" 2>/dev/null)
  local kb=""
  if [ -n "$rss0" ] && [ -n "$rss1" ] && [ "${opened:-0}" -gt 0 ]; then
    kb=$(awk -v a="$rss0" -v b="$rss1" -v n="$opened" 'BEGIN { printf "%.2f", (b - a) / n }')
  fi
  local live=""
  if [ -n "$heap_with" ] && [ -n "$heap_without" ] && [ "${opened:-0}" -gt 0 ]; then
    live=$(awk -v a="$heap_without" -v b="$heap_with" -v n="$opened" 'BEGIN { printf "%.2f", (b - a) / n }')
  fi
  IDLE_RESULT="${kb:-FAILED} ${opened:-0} ${aliveN:-0} $backend ${rss0:-0} ${rss1:-0} ${live:--}"
}
live_heap_kb() { # file: full GC, then the heap's used KB (G1/Parallel/Serial 'used NNNK')
  "$JAVA_HOME/bin/jcmd" "$PROXY_PID" GC.run >/dev/null 2>&1
  "$JAVA_HOME/bin/jcmd" "$PROXY_PID" GC.heap_info >"$1" 2>&1
  sed -n 's/.* used \([0-9]*\)K.*/\1/p' "$1" | head -1
}

run_idle() { # target
  local t=$1 w m
  if [ "$IDLE_FRESH" = 1 ]; then
    stop_pid "$PROXY_PID"
    start_proxy "$t" || { put "$t" idle_kb "DID NOT RESTART"; PROXY_PID=""; return 0; }
    sleep 1
  fi
  # warm-up round: a few connections (JVM: classes, JIT, first heap growth); kept small so that a
  # pool allocator (HAProxy) does not already hold the memory the measured round needs
  idle_round "$t" warmup "$IDLE_WARMUP_CONNS"; w=$IDLE_RESULT; sleep 2
  alive || return 0
  idle_round "$t" measure "$IDLE_CONNS"; m=$IDLE_RESULT
  # shellcheck disable=SC2086
  set -- $m
  put "$t" idle_kb "$1"
  put "$t" idle_alive "$3 of $IDLE_CONNS"
  put "$t" idle_backend "$4"
  put "$t" rss_idle_mb "$(awk -v k="$6" 'BEGIN { printf "%.1f", k / 1024 }')"
  [ "$7" != - ] && put "$t" live_kb "$7"
  log "$t idle: $1 KB/conn (opened $2, alive at end $3, backend conns $4, RSS $5 -> $6 KB, live heap/conn $7 KB; warm-up round: $w)"
  printf '%s warmup: %s\n%s measure: %s\n' "$t" "$w" "$t" "$m" >>"$LOGS/idle-summary.txt"
}

# ---- run ----------------------------------------------------------------------------------------------
BASCULE_READY=""
for round in $(seq "$ROUNDS"); do
for t in $TARGETS; do
  log "=== $t (round $round of $ROUNDS) ==="
  PROXY_PID=""
  if [ "$t" = bascule ] && [ -z "$BASCULE_READY" ]; then
    prepare_bascule || { log "skipping Bascule"; put bascule rps_keep "NOT RUN"; continue; }
    BASCULE_READY=1
  fi
  if [ "$t" != direct ]; then
    start_proxy "$t" || { put "$t" rps_keep "DID NOT START"; continue; }
    sleep 1
    put "$t" rss_start_mb "$(awk -v k="$(rss_kb "$PROXY_PID")" 'BEGIN { printf "%.1f", k / 1024 }')"
  fi
  if [ "$WARMUP" -gt 0 ] && { has_test keep || has_test close; }; then
    timeout $((WARMUP + 20)) wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${WARMUP}s" "http://$HOST:$(http_port "$t")/" \
      >"$LOGS/$t-wrk-warmup.txt" 2>&1
  fi
  left_keep=- left_close=-
  if has_test keep; then
    run_wrk "$t" keep
    alive || { log "$t DIED during the persistent test"; put "$t" note "died"; continue; }
    sleep 1; left_keep=$(backend_conns)
  fi
  if has_test close; then
    run_wrk "$t" close -H "Connection: close"
    alive || { log "$t DIED during the new-connection test"; put "$t" note "died"; continue; }
    sleep 1; left_close=$(backend_conns)
  fi
  if has_test keep || has_test close; then
    put "$t" leftover "$left_keep / $left_close"
    case "$left_keep$left_close" in 00|0-|-0) ;; *) log "$t: backend connections still open 1 s after wrk ended: $left_keep (persistent), $left_close (new-connection)" ;; esac
  fi
  if has_test iperf; then
    run_iperf "$t"
    alive || { log "$t DIED during the iperf3 test"; put "$t" note "died"; continue; }
  fi
  if [ "$t" != direct ]; then
    if has_test idle; then
      run_idle "$t"
      [ -n "$PROXY_PID" ] || continue
      alive || { log "$t DIED during the idle-connection test"; put "$t" note "died"; continue; }
    fi
    stop_pid "$PROXY_PID"
  fi
  sleep 1
done
done

# ---- report -------------------------------------------------------------------------------------------
META="$TMP/meta.tsv"
{
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  printf 'command\t%s\n' "${BASCULE_REF:+BASCULE_REF=$BASCULE_REF }${BASCULE_JAR:+BASCULE_JAR=$BASCULE_JAR }${SPLICE:+SPLICE=$SPLICE }TESTS=\"$TESTS\" ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP WRK_CONNS=$WRK_CONNS IDLE_CONNS=$IDLE_CONNS NBTHREAD=$NBTHREAD MAXCONN=$MAXCONN bench/tcp-bench.sh"
  printf 'machine\t%s cores, kernel %s, load average at end: %s\n' "$(nproc)" "$(uname -r)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'haproxy\t%s\n' "$(haproxy -v 2>&1 | head -1)"
  printf 'bascule\t%s; built from %s\n' "${BASCULE_VERSION:-not run}" "${BASCULE_SOURCE:-—}"
  printf 'java\t%s\n' "$( [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | head -1 || echo n/a)"
  printf 'figures\t%s\n' "$( [ "$ROUNDS" -gt 1 ] && echo "median of $ROUNDS rounds (each round runs the targets in turn)" || echo "one round")"
  printf 'setup\t%s\n' "wrk -t$WRK_THREADS -c$WRK_CONNS -d${DURATION}s --latency after a ${WARMUP}s warm-up; iperf3 -t $DURATION; $IDLE_CONNS idle conns after a $IDLE_WARMUP_CONNS-conn warm-up round$( [ "$IDLE_FRESH" = 1 ] && echo ", on a freshly restarted proxy"); proxies: nbthread $NBTHREAD, maxconn $MAXCONN, splice ${SPLICE:-as each proxy defaults}; nginx 1 worker; ulimit -n $NOFILE"
} >"$META"
echo
python3 "$here/report.py" "$RES" "$META" "$OUT_DIR/last.md"
echo
if grep -q "note" "$RES"; then grep "note" "$RES" >&2; fi
log "markdown: $OUT_DIR/last.md, raw outputs: $LOGS/"
