#!/usr/bin/env bash
# Whole-process cost of limittop next to htop and btop at the field load, in tmux, side by side.
#
#   compare.sh [SECONDS] [SCALES]      e.g.  compare.sh 30 "1 3 10"      (root; needs cc, tmux, htop, btop)
#
# 1. Sets up the load: load/field-load.sh (10 processes × 1,632 sleeping threads as uid 65534) and
#    load/sockload.c (10,000 ESTABLISHED + 5,000 TIME_WAIT loopback sockets).
# 2. Starts the NativeAOT limittop (1 s refresh), the same binary with --single-thread (README, "The last shell"),
#    htop (-d 10: 1 s) and btop (its default 2 s) each in its own
#    window of a private tmux server at the same size, waits 5 s, then reads utime+stime from /proc/PID/stat
#    over SECONDS (default 30) and prints CPU ms per second of wall time, RSS, and limittop's first full frame
#    (start → all panels on screen, seen through tmux capture-pane).
# 3. Then limittop alone at each scale in SCALES (default "1 3 10"): processes and sockets × k; threads × k
#    capped so the machine keeps room under kernel.pid_max (see "thread cap" in the output). SCALES "none" skips it.
# 3b. With prometheus-node-exporter and curl installed: limittop --headless --metrics beside node_exporter
#    (processes and tcpstat collectors on), each scraped every second over loopback, at the field load (started
#    once the first part's TIME_WAIT sockets are gone): first, with prometheus installed, by one Prometheus server
#    at a 1 s scrape interval (keep-alive, as a fleet scrapes), then by a curl loop (a process and a connection per
#    scrape).
# Tears down only what it started (its tmux server, the load processes) on exit, also on Ctrl+C.
# LIMITTOP=/path/to/limittop skips the publish step. LIMITTOP_B=/path/to/other/limittop adds a row for a second
# build in the same side-by-side run (an A/B of one change: both see the same machine at the same time). COLS/ROWS set the window size (default 160×50).
# BUSY=1 adds to step 1's load a process started every second and a loopback connection every half second (the
# "busy box" row of the README's cost table; the quiet-box rules stop paying under it).
# LOAD="PROCS THREADS ESTABLISHED TIME_WAIT" changes step 1's load (default "10 1632 10000 5000"; a reduced load
# for a shared machine: LOAD="1 1632 2000 1000").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-30}
scales=${2-"1 3 10"}
read -r load_procs load_threads load_estab load_tw <<<"${LOAD:-10 1632 10000 5000}"
cols=${COLS:-160}
rows=${ROWS:-50}
work=$(mktemp -d /tmp/limittop-compare.XXXXXX)
chmod 755 "$work"
# shellcheck source=../load/lib.sh
. "$here/../load/lib.sh"

extra_pids=()
cleanup() {
  [ ${#extra_pids[@]} -gt 0 ] && kill "${extra_pids[@]}" 2>/dev/null
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
load_start "$load_procs" "$load_threads" "$load_estab" "$load_tw"
if [ "${BUSY:-0}" = 1 ]; then
  busy_start
  echo "busy: a process started every second, a loopback connection opened every 0.5 s"
fi
echo "load: $load_procs processes x $load_threads threads (tasks now $(tasks)); sockets: $(sockstat)"
t0=$(date +%s%N)
lt=$(start limittop "${env_run[@]}" "$LIMITTOP" --interval 1)
ff=$(first_frame_ms "$t0" limittop)
t0=$(date +%s%N)
st=$(start single "${env_run[@]}" "$LIMITTOP" --interval 1 --single-thread)
sf=$(first_frame_ms "$t0" single)
bl=""
[ -n "${LIMITTOP_B:-}" ] && bl=$(start limittopb "${env_run[@]}" "$LIMITTOP_B" --interval 1)
ht=$(start htop "${env_run[@]}" htop -d 10)
bt=""
[ $have_btop = 1 ] && bt=$(start btop "${env_run[@]}" btop)
sleep 5
pids=("$lt" "$ht" "$st")
[ -n "$bt" ] && pids+=("$bt")
[ -n "$bl" ] && pids+=("$bl")
mapfile -t cpu < <(measure "${pids[@]}")
echo "sockets at end: $(sockstat), tasks $(tasks)"
echo
row() { printf '%-16s %13s %9s %8s %8s %8s %s\n' "$@"; }
row program refresh "CPU ms/s" "RSS MB" "peak MB" threads "first frame"
row limittop "1 s" "${cpu[0]}" "$(rss_mb "$lt")" "$(hwm_mb "$lt")" "$(status_field "$lt" Threads)" "$ff ms"
row "limittop -single" "1 s" "${cpu[2]}" "$(rss_mb "$st")" "$(hwm_mb "$st")" "$(status_field "$st" Threads)" "$sf ms"
row htop "1 s" "${cpu[1]}" "$(rss_mb "$ht")" "$(hwm_mb "$ht")" "$(status_field "$ht" Threads)" "-"
[ -n "$bt" ] && row btop "2 s (default)" "${cpu[3]}" "$(rss_mb "$bt")" "$(hwm_mb "$bt")" "$(status_field "$bt" Threads)" "-"
[ -n "$bl" ] && row "limittop B" "1 s" "${cpu[-1]}" "$(rss_mb "$bl")" "$(hwm_mb "$bl")" "$(status_field "$bl" Threads)" "-"
"${tmx[@]}" kill-server
load_stop
echo

# ---- headless exporters at the field load, each scraped every second ------------------------------------
if command -v prometheus-node-exporter >/dev/null && command -v curl >/dev/null; then
  # The side-by-side part's TIME_WAIT sockets (60 s) would expire during this part and move the counters limittop's
  # socket sampler watches: wait until they are gone, so that this part too is measured in its load's first minute.
  for _ in $(seq 70); do
    (($(awk '/^TCP:/ { for (i = 2; i < NF; i += 2) if ($i == "tw") print $(i + 1) }' /proc/net/sockstat) < 100)) && break
    sleep 1
  done
  load_start 10 1632 10000 5000
  lport=$((20000 + RANDOM % 10000))
  nport=$((lport + 1))
  "$LIMITTOP" --headless --interval 1 --metrics "127.0.0.1:$lport" 2>"$work/headless.log" &
  hl=$!
  prometheus-node-exporter --web.listen-address="127.0.0.1:$nport" --collector.processes --collector.tcpstat 2>"$work/node_exporter.log" &
  ne=$!
  extra_pids+=("$hl" "$ne")
  sleep 2
  exporter_rows() {
    printf '%-26s %15s %12s %10s %10s\n' "limittop --headless" "$1" "${cpu[0]}" "$(rss_mb "$hl")" "$(hwm_mb "$hl")"
    printf '%-26s %15s %12s %10s %10s\n' "node_exporter (+processes)" "$1" "${cpu[1]}" "$(rss_mb "$ne")" "$(hwm_mb "$ne")"
  }
  printf '%-26s %15s %12s %10s %10s\n' exporter scrape "CPU ms/s" "RSS MB" "peak MB"
  # Scraped as a fleet scrapes them: one Prometheus server, 1 s interval, keep-alive connections.
  if command -v prometheus >/dev/null; then
    pport=$((nport + 1))
    printf 'global: {scrape_interval: 1s, scrape_timeout: 900ms}\nscrape_configs:\n  - job_name: limittop\n    static_configs: [{targets: ["127.0.0.1:%s"]}]\n  - job_name: node\n    static_configs: [{targets: ["127.0.0.1:%s"]}]\n' \
      "$lport" "$nport" >"$work/prometheus.yml"
    prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" --web.listen-address="127.0.0.1:$pport" --log.level=warn 2>"$work/prometheus.log" &
    prom=$!
    extra_pids+=("$prom")
    sleep 5
    mapfile -t cpu < <(measure "$hl" "$ne")
    exporter_rows "Prometheus 1 s"
    kill "$prom" 2>/dev/null
  fi
  # Then by a curl loop: a new process and a new connection per scrape (this pass also sees the load renew its
  # TIME_WAIT population, a minute after it started).
  (while sleep 1; do
    curl -s -o /dev/null "http://127.0.0.1:$lport/metrics"
    curl -s -o /dev/null "http://127.0.0.1:$nport/metrics"
  done) &
  scraper=$!
  extra_pids+=("$scraper")
  sleep 5
  mapfile -t cpu < <(measure "$hl" "$ne")
  exporter_rows "curl 1 s"
  kill "$scraper" "$hl" "$ne" 2>/dev/null
  wait "$hl" "$ne" 2>/dev/null || true
  extra_pids=()
  load_stop
  echo
else
  echo "note: prometheus-node-exporter or curl not installed: the headless exporter comparison is skipped"
fi

# ---- limittop alone at 1x/3x/10x ----------------------------------------------------------------------
[ "$scales" = none ] && exit 0
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
