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
repo=$(cd "$here/../../.." && pwd)
seconds=${1:-30}
scales=${2:-"1 3 10"}
cols=${COLS:-160}
rows=${ROWS:-50}
work=$(mktemp -d /tmp/limittop-compare.XXXXXX)
chmod 755 "$work"
tmx=(tmux -L "limittop-compare-$$" -f /dev/null)
sock_pids=()
sock_hold=""
export FIELD_STATE="$work/field"
hz=$(getconf CLK_TCK)

cleanup() {
  "${tmx[@]}" kill-server 2>/dev/null || true
  [ -n "$sock_hold" ] && kill "$sock_hold" 2>/dev/null || true
  for p in "${sock_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -d "$FIELD_STATE" ] && "$here/../load/field-load.sh" stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || { echo "compare.sh: run as root (the load runs as uid 65534 and needs setpriv)" >&2; exit 2; }
for t in tmux htop cc setpriv; do command -v "$t" >/dev/null || { echo "compare.sh: $t missing" >&2; exit 2; }; done
have_btop=1
command -v btop >/dev/null || { have_btop=0; echo "note: btop not installed (apt-get install -y btop); its column is skipped"; }

if [ -z "${LIMITTOP:-}" ]; then
  echo "publishing NativeAOT limittop ..."
  dotnet publish -c Release -r linux-x64 -p:PublishAot=true "$repo/src/LimitTop/LimitTop.csproj" -o "$work/pub" >"$work/publish.log" 2>&1 \
    || { tail -20 "$work/publish.log"; exit 1; }
  LIMITTOP="$work/pub/limittop"
fi
cc -O2 -o "$work/sockload" "$here/../load/sockload.c"

sockstat() { awk '/^TCP:/ { for (i = 2; i < NF; i += 2) v[$i] = $(i + 1); print "inuse " v["inuse"] ", tw " v["tw"] }' /proc/net/sockstat; }
tasks() { cut -d' ' -f4 /proc/loadavg | cut -d/ -f2; }

# ESTABLISHED sockets per sockload instance: each holds 2 fds per connection under the hard RLIMIT_NOFILE
per_sockload=$(( ($(ulimit -Hn) - 1000) / 2 * 2 ))

load_start() { # procs threads established time_wait
  FIELD_PROCS=$1 FIELD_THREADS=$2 "$here/../load/field-load.sh" start >/dev/null
  mkfifo "$work/sockin"
  local left=$3 tw=$4 i=0 n
  while :; do
    n=$((left > per_sockload ? per_sockload : left))
    "$work/sockload" "$n" "$tw" <"$work/sockin" >"$work/sockout$i" 2>&1 &
    sock_pids+=($!)
    left=$((left - n)) tw=0 i=$((i + 1))
    ((left > 0)) || break
  done
  sleep infinity >"$work/sockin" &
  sock_hold=$!
  for ((i = 0; i < ${#sock_pids[@]}; i++)); do
    until grep -q ready "$work/sockout$i" 2>/dev/null; do
      kill -0 "${sock_pids[$i]}" 2>/dev/null || { cat "$work/sockout$i"; exit 1; }
      sleep 0.2
    done
  done
}

load_stop() {
  kill "$sock_hold" 2>/dev/null || true
  for p in "${sock_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  sock_pids=() sock_hold=""
  rm -f "$work/sockin"
  "$here/../load/field-load.sh" stop >/dev/null
}

cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; } # utime + stime, fields 14/15
rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
hwm_mb() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# start NAME COMMAND... → prints the pane's PID (the program itself: exec)
start() {
  local name=$1; shift
  if ! "${tmx[@]}" has-session -t bench 2>/dev/null; then
    "${tmx[@]}" new-session -d -s bench -x "$cols" -y "$rows" -n "$name" -P -F '#{pane_pid}' "$@"
  else
    "${tmx[@]}" new-window -d -t bench -n "$name" -P -F '#{pane_pid}' "$@"
  fi
}

# first full frame: from starting the window to every panel title and the status bar on screen
first_frame_ms() { # window
  local t0=$1 w=$2 now screen
  while :; do
    screen=$("${tmx[@]}" capture-pane -p -t "bench:$w" 2>/dev/null || true)
    if [[ $screen == *PROCESSES* && $screen == *"TCP SOCKETS"* && $screen == *USERS* && $screen == *F1Help* ]]; then
      now=$(date +%s%N)
      echo $(((now - t0) / 1000000))
      return
    fi
    if (($(date +%s%N) - t0 > 20000000000)); then echo "timeout"; return; fi
    sleep 0.01
  done
}

# measure PID... → "ms/s" per PID over $seconds
measure() {
  local -a t0 t1
  local p i w0 w1
  for p in "$@"; do t0+=("$(cpu_ticks "$p")"); done
  w0=$(date +%s%N)
  sleep "$seconds"
  for p in "$@"; do t1+=("$(cpu_ticks "$p")"); done
  w1=$(date +%s%N)
  for i in "${!t0[@]}"; do
    awk -v a="${t0[$i]}" -v b="${t1[$i]}" -v hz="$hz" -v ns=$((w1 - w0)) 'BEGIN { printf "%.1f\n", (b - a) * 1000 / hz / (ns / 1e9) }'
  done
}

env_run=(env -i "PATH=$PATH" "TERM=xterm-256color" "HOME=$work/home" "XDG_CONFIG_HOME=$work/home/.config" "LANG=C.UTF-8")
mkdir -p "$work/home/.config"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(uname -sr), $(. /etc/os-release && echo "$PRETTY_NAME")"
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
