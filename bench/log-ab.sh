#!/usr/bin/env bash
# log-ab.sh — two (or more) Bascule jars side by side, interleaved, on the logging variants: proxy CPU
# time per request, the figure that holds up best on a shared machine. Bascule only, HTTP mode, loopback.
#
#   bench/log-ab.sh OLD.jar NEW.jar          # ROUNDS=3, VARIANTS="none custom httplog", 10 s each
#
# Each round runs every variant with every jar in turn (so load on the machine hits them alike): nginx
# backend, the UDP sink of http-bench (bench/udp_sink.py), 'wrk -t1 -c50' for WARMUP then DURATION
# seconds; prints requests/s, proxy CPU %, CPU µs per request and the load average per run, then the
# medians. Configuration: as http-bench.sh's minus the acl (one frontend, set-header, one server), with
# 'log 127.0.0.1:PORT local0' in global and, per variant, nothing / 'option httplog' / LOG_FORMAT.
# Knobs: ROUNDS (3), VARIANTS, DURATION (10), WARMUP (3), PORT_BASE (18000: nginx +390, Bascule +391,
# sink +395).
set -uo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/.." && pwd)"
log() { printf '[log-ab %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[ $# -ge 1 ] || die "usage: bench/log-ab.sh A.jar [B.jar ...]"
for j in "$@"; do [ -f "$j" ] || die "no jar $j"; done

ROUNDS=${ROUNDS:-3}
VARIANTS=${VARIANTS:-"none custom httplog"}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
PORT_BASE=${PORT_BASE:-18000}
LOG_FORMAT=${LOG_FORMAT:-'%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %ac/%fc/%bc/%sc/%rc %{+Q}r'}
HOST=127.0.0.1
NGINX_PORT=$((PORT_BASE + 390)); PORT=$((PORT_BASE + 391)); SINK_PORT=$((PORT_BASE + 395))
NOFILE=$(ulimit -n)

. "$here/lib.sh"
bench_processes log-ab
require_free_ports $NGINX_PORT $PORT
. "$root/bin/jdk.sh"
bascule_find_jdk || die "no JDK"

mkdir -p "$TMP/nginx/logs" "$TMP/nginx/tmp" "$TMP/jars"
{ nginx_conf_head 4096; cat <<EOF
    server {
        listen $HOST:$NGINX_PORT backlog=4096;
        location / { default_type text/plain; return 200 "ok\n"; }
    }
}
EOF
} >"$TMP/nginx/nginx.conf"
nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/logs/error.log" >/dev/null 2>&1 &
PIDS+=($!)
wait_port "$NGINX_PORT" 10 $! || die "nginx did not start"
python3 "$here/udp_sink.py" "$SINK_PORT" "$TMP/sink.state" &
PIDS+=($!)

JARS=()
for j in "$@"; do # private copies: a concurrent rebuild cannot change them under us
  c="$TMP/jars/$(basename "$j" .jar)-${#JARS[@]}.jar"; cp "$j" "$c"; JARS+=("$c")
done

write_cfg() { # variant
  local dlog=""
  case $1 in
    httplog) dlog="    log global
    option httplog" ;;
    custom) dlog="    log global
    log-format \"$LOG_FORMAT\"" ;;
  esac
  cat >"$TMP/b.cfg" <<EOF
global
    maxconn 4000
    nbthread 1
    log $HOST:$SINK_PORT local0
defaults
    mode http
${dlog}
    option http-keep-alive
    timeout connect 5s
    timeout client 120s
    timeout server 120s
frontend http_in
    bind $HOST:$PORT
    http-request set-header X-Bench 1
    default_backend be
backend be
    server nginx $HOST:$NGINX_PORT
EOF
}

RES="$TMP/res.tsv"; : >"$RES"
CLK_TCK=$(getconf CLK_TCK)
for r in $(seq "$ROUNDS"); do
  for v in $VARIANTS; do
    write_cfg "$v"
    for j in "${JARS[@]}"; do
      # shellcheck disable=SC2046
      "$JAVA_HOME/bin/java" $(bascule_jvm_flags) -jar "$j" -db -f "$TMP/b.cfg" >"$TMP/bascule.log" 2>&1 &
      pid=$!; PIDS+=($pid)
      wait_port "$PORT" 60 "$pid" || die "Bascule ($j) did not start: $(tail -5 "$TMP/bascule.log")"
      timeout $((WARMUP + 20)) wrk -t1 -c50 -d"${WARMUP}s" "http://$HOST:$PORT/" >/dev/null 2>&1
      c0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
      timeout $((DURATION + 30)) wrk -t1 -c50 -d"${DURATION}s" "http://$HOST:$PORT/" >"$TMP/wrk.txt" 2>&1
      c1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
      stop_pid "$pid"
      reqs=$(awk '/ requests in / { print $1 }' "$TMP/wrk.txt")
      rps=$(awk '/^Requests\/sec:/ { print $2 }' "$TMP/wrk.txt")
      line=$(awk -v a="$c0" -v b="$c1" -v n="${reqs:-0}" -v hz="$CLK_TCK" -v s="$DURATION" -v rps="${rps:-0}" \
        'BEGIN { printf "%.0f\t%.0f\t%.1f", rps, (b - a) / hz / s * 100, n ? (b - a) / hz * 1e6 / n : 0 }')
      name=$(basename "$j" .jar)
      printf '%s\t%s\t%s\n' "$v" "$name" "$line" >>"$RES"
      log "round $r $v $name: $(echo "$line" | awk -F'\t' '{ printf "%s req/s, CPU %s %%, %s us/req", $1, $2, $3 }'), load $(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done

echo
echo "medians over $ROUNDS rounds (DURATION=$DURATION s, wrk -t1 -c50, keep-alive):"
python3 - "$RES" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    v, jar, rps, cpu, us = line.rstrip("\n").split("\t")
    rows.setdefault((v, jar), []).append((float(rps), float(cpu), float(us)))
print(f"{'variant':10} {'jar':34} {'req/s':>8} {'CPU %':>6} {'CPU us/req':>10}   each round (us/req)")
for (v, jar), xs in rows.items():
    m = [statistics.median(x[i] for x in xs) for i in range(3)]
    print(f"{v:10} {jar:34} {m[0]:8.0f} {m[1]:6.0f} {m[2]:10.1f}   {' / '.join(f'{x[2]:.1f}' for x in xs)}")
PY
