#!/usr/bin/env bash
# Whole-process cost of limittop next to htop and btop at the field load, in tmux, side by side.
#
#   compare.sh [SECONDS] [SCALES]      e.g.  compare.sh 30 "1 3 10"      (root; needs cc, tmux, htop, btop)
#
# 1. Sets up the load: load/field-load.sh (10 processes × 1,632 sleeping threads as uid 65534) and
#    load/sockload.c (10,000 ESTABLISHED + 5,000 TIME_WAIT loopback sockets).
# 2. Starts the NativeAOT limittop (1 s refresh), htop (-d 10: 1 s) and btop (its default 2 s) each in its own
#    window of a private tmux server at the same size, waits 5 s, then reads utime+stime from /proc/PID/stat
#    over SECONDS (default 30) and prints CPU ms per second of wall time, RSS, and limittop's first full frame
#    (start → all panels on screen, seen through tmux capture-pane).
# 3. Then limittop alone at each scale in SCALES (default "1 3 10"): processes and sockets × k; threads × k
#    capped so the machine keeps room under kernel.pid_max (see "thread cap" in the output).
# Tears down only what it started (its tmux server, the load processes) on exit, also on Ctrl+C.
# LIMITTOP=/path/to/limittop skips the publish step. COLS/ROWS set the window size (default 160×50).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-30}
scales=${2:-"1 3 10"}
cols=${COLS:-160}
rows=${ROWS:-50}
work=$(mktemp -d /tmp/limittop-compare.XXXXXX)
chmod 755 "$work"
# shellcheck source=../load/lib.sh
. "$here/../load/lib.sh"

cleanup() {
  lib_cleanup
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || { echo "compare.sh: run as root (the load runs as uid 65534 and needs setpriv)" >&2; exit 2; }
for t in tmux htop cc setpriv; do command -v "$t" >/dev/null || { echo "compare.sh: $t missing" >&2; exit 2; }; done
have_btop=1
command -v btop >/dev/null || { have_btop=0; echo "note: btop not installed (apt-get install -y btop); its column is skipped"; }

publish_limittop

# measure PID... → "ms/s" per PID over $seconds
measure() {
  local -a t0 t1
  local p i w0 w1
  for p in "$@"; do t0+=("$(cpu_ticks "$p")"); done
  w0=$(date +%s%N)
  sleep "$seconds"
  for p in "$@"; do t1+=("$(cpu_ticks "$p")"); done
  w1=$(date +%s%N)
  for i in "${!t0[@]}"; do ms_per_s "${t0[$i]}" "${t1[$i]}" $((w1 - w0)); done
}

machine
echo "window: ${cols}x${rows}, measured over ${seconds} s after 5 s warm-up"

# ---- side by side at the field load -------------------------------------------------------------------
load_start 10 1632 10000 5000
echo "load: 10 processes x 1,632 threads (tasks now $(tasks)); sockets: $(sockstat)"
t0=$(date +%s%N)
lt=$(start limittop "${env_run[@]}" "$LIMITTOP" --interval 1)
ff=$(first_frame_ms "$t0" limittop)
ht=$(start htop "${env_run[@]}" htop -d 10)
bt=""
[ $have_btop = 1 ] && bt=$(start btop "${env_run[@]}" btop)
sleep 5
pids=("$lt" "$ht")
[ -n "$bt" ] && pids+=("$bt")
mapfile -t cpu < <(measure "${pids[@]}")
echo "sockets at end: $(sockstat), tasks $(tasks)"
echo
printf '%-10s %12s %14s %10s %10s %s\n' program refresh "CPU ms/s" "RSS MB" "peak MB" "first frame"
printf '%-10s %12s %14s %10s %10s %s\n' limittop "1 s" "${cpu[0]}" "$(rss_mb "$lt")" "$(hwm_mb "$lt")" "$ff ms"
printf '%-10s %12s %14s %10s %10s %s\n' htop "1 s" "${cpu[1]}" "$(rss_mb "$ht")" "$(hwm_mb "$ht")" "-"
[ -n "$bt" ] && printf '%-10s %12s %14s %10s %10s %s\n' btop "2 s (default)" "${cpu[2]}" "$(rss_mb "$bt")" "$(hwm_mb "$bt")" "-"
"${tmx[@]}" kill-server
load_stop
echo

# ---- limittop alone at 1x/3x/10x ----------------------------------------------------------------------
pid_max=$(cat /proc/sys/kernel/pid_max)
thread_cap=$((pid_max - $(tasks) - 8000)) # leave 8,000 pids for everyone else on the machine
echo "scaling: processes and sockets x k; threads x k but at most $thread_cap in total (pid_max $pid_max, 8,000 kept free)"
printf '%-6s %10s %10s %12s %12s %10s %10s %s\n' scale processes threads "tcp inuse" time_wait "CPU ms/s" "RSS MB" "first frame"
for k in $scales; do
  procs=$((10 * k))
  per=$((1632 * k * 10 > thread_cap ? thread_cap / procs : 1632))
  load_start "$procs" "$per" $((10000 * k)) $((5000 * k))
  t0=$(date +%s%N)
  lt=$(start limittop "${env_run[@]}" "$LIMITTOP" --interval 1)
  ff=$(first_frame_ms "$t0" limittop)
  sleep 5
  cpu=$(measure "$lt")
  printf '%-6s %10s %10s %12s %12s %10s %10s %s\n' "${k}x" "$procs" $((procs * per)) "$(awk '/^TCP:/ { print $3 }' /proc/net/sockstat)" \
    "$(awk '/^TCP:/ { print $7 }' /proc/net/sockstat)" "$cpu" "$(rss_mb "$lt")" "$ff ms"
  "${tmx[@]}" kill-server
  load_stop
done
