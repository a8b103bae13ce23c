#!/usr/bin/env bash
# http-log-bench.sh — what traffic logging costs, Bascule vs HAProxy, HTTP mode, loopback only.
#
# Runs bench/http-bench.sh once per logging variant and round — LOG=none (no log lines), LOG=httplog
# ('option httplog'), LOG=custom (the log-format in LOG_FORMAT) — for HAProxy and Bascule, both sending
# to the same UDP sink (bench/udp_sink.py), and prints one table: requests/s and latency per variant,
# Bascule ÷ HAProxy, each variant's rate relative to no logging, and whether lines were lost (lines at the
# sink per request, kernel UDP drops, DroppedLogs of 'show info'). Markdown in $OUT_DIR/http-log-last.md,
# each run's raw outputs under $OUT_DIR/http-log/r<round>-<variant>/. See bench/README.md.
#
# Knobs: those of http-bench.sh, with other defaults: TARGETS="haproxy bascule", TESTS=keep, ROUNDS=1
# (rounds run the variants in turn, the table shows medians), and VARIANTS="none httplog custom".
# BASCULE_REF is built once here and handed to every run as BASCULE_JAR.
set -uo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/.." && pwd)"
log() { printf '[http-log-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

export TARGETS=${TARGETS:-"haproxy bascule"}
export TESTS=${TESTS:-keep}
ROUNDS=${ROUNDS:-1}
VARIANTS=${VARIANTS:-"none httplog custom"}
OUT_DIR=${OUT_DIR:-$root/bench/out}
export DURATION=${DURATION:-10} WARMUP=${WARMUP:-3}

. "$here/lib.sh"
bench_processes http-log-bench

if [ -z "${BASCULE_JAR:-}" ] && [ -n "${BASCULE_REF:-}" ]; then
  rev=$(git -C "$root" rev-parse --short "$BASCULE_REF") || die "no commit $BASCULE_REF"
  log "building Bascule at commit $rev in a temp dir..."
  mkdir -p "$TMP/src"
  git -C "$root" archive "$rev" | tar -x -C "$TMP/src" || die "git archive failed"
  (cd "$TMP/src" && timeout 900 ./mvnw -o -q -B -DskipTests package) >"$TMP/build.log" 2>&1 \
    || die "build of $rev failed: $(tail -20 "$TMP/build.log")"
  export BASCULE_JAR="$TMP/src/target/bascule.jar"
  SOURCE="commit $rev"
fi
unset BASCULE_REF

rm -rf "$OUT_DIR/http-log"; mkdir -p "$OUT_DIR/http-log"
FAILED=""
for round in $(seq "$ROUNDS"); do
  for v in $VARIANTS; do
    log "=== LOG=$v (round $round of $ROUNDS) ==="
    OUT_DIR="$OUT_DIR/http-log/r$round-$v" LOG=$v ROUNDS=1 "$here/http-bench.sh" || FAILED=1
  done
done

META="$TMP/meta.tsv"
{
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  if [ -n "${SOURCE:-}" ]; then what="BASCULE_REF=${SOURCE#commit } "; else what="${BASCULE_JAR:+BASCULE_JAR=$BASCULE_JAR }"; fi
  printf 'command\t%s\n' "${what}VARIANTS=\"$VARIANTS\" TESTS=\"$TESTS\" ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP bench/http-log-bench.sh"
  printf 'machine\t%s cores, load average at end: %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'bascule\t%s\n' "$(grep -h '^- \*\*bascule\*\*' "$OUT_DIR"/http-log/r1-*/http-last.md 2>/dev/null | head -1 | sed 's/^- \*\*bascule\*\*: //')"
} >"$META"
echo
python3 "$here/log_report.py" "$OUT_DIR/http-log" "$META" "$OUT_DIR/http-log-last.md" $VARIANTS
log "markdown: $OUT_DIR/http-log-last.md"
[ -z "$FAILED" ] || die "some runs failed (see above)"
