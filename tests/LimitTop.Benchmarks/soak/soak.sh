#!/usr/bin/env bash
# Long run of the whole limittop at the field load with process churn: does memory stay flat, does the screen
# keep moving, does anything leak (threads, fds)?
#
#   soak.sh [MINUTES] [CHURN_PER_SECOND] [EVERY_SECONDS]     e.g.  soak.sh 60 100 300    (root; needs cc, tmux)
#
# 1. Load: load/field-load.sh (10 processes × 1,632 sleeping threads as uid 65534), load/sockload.c (10,000
#    ESTABLISHED + 5,000 TIME_WAIT loopback sockets) and lthog churn: CHURN_PER_SECOND (default 100)
#    short-lived processes a second for the whole run.
# 2. Starts the NativeAOT limittop (1 s refresh) in a private tmux server, then every EVERY_SECONDS (default
#    300) prints: RSS, peak RSS, CPU ms per second over the period, threads, open fds, and how many distinct
#    header clocks it saw on screen in that period (read every 5 s through capture-pane; 1 s refresh → ~all).
# 3. Ends with the RSS at the first reading vs the last and the largest, and fails (exit 1) if limittop died,
#    its threads or fds grew, or RSS grew by more than 5 MB between the first reading and the last.
# Tears down what it started on exit, also on Ctrl+C. LIMITTOP=/path/to/limittop skips the publish step.
# While it runs, /tmp/limittop-soak.running exists (other heavy jobs on a shared machine can wait for it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
minutes=${1:-60}
churn_rate=${2:-100}
every=${3:-300}
cols=${COLS:-160}
rows=${ROWS:-50}
work=$(mktemp -d /tmp/limittop-soak.XXXXXX)
chmod 755 "$work"
# shellcheck source=../load/lib.sh
. "$here/../load/lib.sh"
churn_pid=""

cleanup() {
  [ -n "$churn_pid" ] && kill "$churn_pid" 2>/dev/null || true
  lib_cleanup
  rm -rf "$work" /tmp/limittop-soak.running
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || { echo "soak.sh: run as root (the load runs as uid 65534 and needs setpriv)" >&2; exit 2; }
for t in tmux cc setpriv; do command -v "$t" >/dev/null || { echo "soak.sh: $t missing" >&2; exit 2; }; done
echo $$ >/tmp/limittop-soak.running

publish_limittop
cc -O2 -pthread -o "$work/lthog" "$here/../../LimitTop.Tests/Survival/lthog.c"

machine
echo "soak: ${minutes} min, churn ${churn_rate} processes/s, a reading every ${every} s, window ${cols}x${rows}, $(date -u '+%F %T UTC')"
load_start 10 1632 10000 5000
"$work/lthog" churn "$churn_rate" $((minutes * 60 + 5)) >"$work/churn.out" 2>&1 &
churn_pid=$!
echo "load: tasks $(tasks); sockets: $(sockstat)"

lt=$(start limittop "${env_run[@]}" "$LIMITTOP" --interval 1)
sleep 5
header() { "${tmx[@]}" capture-pane -p -t bench:limittop 2>/dev/null | head -1; }

printf '%8s %9s %9s %10s %8s %6s %8s\n' minute "RSS MB" "peak MB" "CPU ms/s" threads fds clocks
end=$(($(date +%s) + minutes * 60))
first_rss="" last_rss="" max_rss=0 first_threads="" first_fds="" failed=0
t0=$(cpu_ticks "$lt") w0=$(date +%s%N) started=$(date +%s)
while :; do
  declare -A seen=()
  period_end=$(($(date +%s) + every))
  ((period_end > end)) && period_end=$end
  while (($(date +%s) < period_end)); do
    kill -0 "$lt" 2>/dev/null || { echo "limittop (pid $lt) died"; exit 1; }
    seen["$(header)"]=1
    sleep 5
  done
  t1=$(cpu_ticks "$lt") w1=$(date +%s%N)
  rss=$(status_field "$lt" VmRSS) threads=$(status_field "$lt" Threads) fds=$(find "/proc/$lt/fd" -mindepth 1 | wc -l)
  printf '%8s %9s %9s %10s %8s %6s %8s\n' $((($(date +%s) - started) / 60)) "$(rss_mb "$lt")" "$(hwm_mb "$lt")" \
    "$(ms_per_s "$t0" "$t1" $((w1 - w0)))" "$threads" "$fds" "${#seen[@]}"
  first_rss=${first_rss:-$rss} first_threads=${first_threads:-$threads} first_fds=${first_fds:-$fds} last_rss=$rss
  ((rss > max_rss)) && max_rss=$rss
  ((threads > first_threads)) && { echo "threads grew: $first_threads -> $threads"; failed=1; }
  ((fds > first_fds)) && { echo "open fds grew: $first_fds -> $fds"; failed=1; }
  unset seen
  t0=$t1 w0=$w1
  (($(date +%s) >= end)) && break
done
wait "$churn_pid" 2>/dev/null || true # it ends by itself with the run and prints its count
churn_pid=""
echo "churn: $(cat "$work/churn.out" 2>/dev/null || true); tasks now $(tasks); sockets: $(sockstat)"
awk -v a="$first_rss" -v b="$last_rss" -v m="$max_rss" 'BEGIN { printf "RSS: %.1f MB at the first reading, %.1f MB at the last, %.1f MB the largest\n", a / 1024, b / 1024, m / 1024 }'
((last_rss - first_rss > 5 * 1024)) && { echo "RSS grew by more than 5 MB"; failed=1; }
exit $failed
