# Shared by compare/compare.sh and soak/soak.sh: the field load (threads + loopback sockets), per-process
# CPU/RSS readings from /proc, and a private tmux server. Source it after setting:
#   here  the calling script's directory (one level below tests/LimitTop.Benchmarks)
#   work  a scratch directory (mode 755: the load runs as uid 65534)
#   cols, rows  the tmux window size
# It sets FIELD_STATE, tmx, sock_pids, sock_hold, hz, env_run and defines the functions below.
# shellcheck shell=bash
load_dir=$(cd "$here/../load" && pwd)
tmx=(tmux -L "limittop-bench-$$" -f /dev/null)
sock_pids=()
sock_hold=""
export FIELD_STATE="$work/field"
hz=$(getconf CLK_TCK)
env_run=(env -i "PATH=$PATH" "TERM=xterm-256color" "HOME=$work/home" "XDG_CONFIG_HOME=$work/home/.config" "LANG=C.UTF-8")
mkdir -p "$work/home/.config"

# tears down what the load functions and start() made; call from the caller's EXIT trap
busy_pids=()
lib_cleanup() {
  busy_stop
  "${tmx[@]}" kill-server 2>/dev/null || true
  rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/limittop-bench-$$" # tmux leaves its socket file behind
  [ -n "$sock_hold" ] && kill "$sock_hold" 2>/dev/null || true
  for p in "${sock_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -d "$FIELD_STATE" ] && "$load_dir/field-load.sh" stop >/dev/null 2>&1 || true
}

# publishes the NativeAOT limittop into $work/pub unless LIMITTOP is set; sets LIMITTOP
publish_limittop() {
  [ -n "${LIMITTOP:-}" ] && return
  echo "publishing NativeAOT limittop ..."
  dotnet publish -c Release -r linux-x64 -p:PublishAot=true "$here/../../../src/LimitTop/LimitTop.csproj" -o "$work/pub" >"$work/publish.log" 2>&1 \
    || { tail -20 "$work/publish.log"; exit 1; }
  LIMITTOP="$work/pub/limittop"
}

machine() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(uname -sr), $(. /etc/os-release && echo "$PRETTY_NAME")"
}

sockstat() { awk '/^TCP:/ { for (i = 2; i < NF; i += 2) v[$i] = $(i + 1); print "inuse " v["inuse"] ", tw " v["tw"] }' /proc/net/sockstat; }
tasks() { cut -d' ' -f4 /proc/loadavg | cut -d/ -f2; }

# load_start PROCS THREADS ESTABLISHED TIME_WAIT: PROCS × THREADS sleeping threads as uid 65534, and loopback sockets
load_start() {
  [ -x "$work/sockload" ] || cc -O2 -o "$work/sockload" "$load_dir/sockload.c"
  # ESTABLISHED sockets per sockload instance: each holds 2 fds per connection under the hard RLIMIT_NOFILE
  local per_sockload=$((($(ulimit -Hn) - 1000) / 2 * 2))
  FIELD_PROCS=$1 FIELD_THREADS=$2 "$load_dir/field-load.sh" start >/dev/null
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

# busy_start: a box that is not quiet — a short-lived process started every second (cron, health checks) and a
# loopback connection opened and closed every half second (new TIME_WAIT, moving TCP counters), as the issue's
# "busy" row asks. Both rules that skip work on a quiet box (the kept /proc listing, the socket walk that waits for
# its counters) stop paying under it.
busy_start() {
  python3 - >/dev/null 2>&1 <<'PY' &
import socket, threading, time
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); srv.bind(("127.0.0.1", 0)); srv.listen(64)
port = srv.getsockname()[1]
def accept():
    while True:
        c, _ = srv.accept(); c.close()
threading.Thread(target=accept, daemon=True).start()
while True:
    s = socket.create_connection(("127.0.0.1", port)); s.close(); time.sleep(0.5)
PY
  busy_pids+=($!)
  (while :; do /bin/true; sleep 1; done) &
  busy_pids+=($!)
}

busy_stop() {
  if ((${#busy_pids[@]})); then kill "${busy_pids[@]}" 2>/dev/null || true; fi
  busy_pids=()
}

load_stop() {
  busy_stop
  kill "$sock_hold" 2>/dev/null || true
  for p in "${sock_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  sock_pids=() sock_hold=""
  rm -f "$work/sockin"
  "$load_dir/field-load.sh" stop >/dev/null
}

cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; } # utime + stime, fields 14/15
rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
hwm_mb() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
status_field() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

# start NAME COMMAND... → prints the pane's PID (the program itself: exec)
start() {
  local name=$1; shift
  if ! "${tmx[@]}" has-session -t bench 2>/dev/null; then
    "${tmx[@]}" new-session -d -s bench -x "$cols" -y "$rows" -n "$name" -P -F '#{pane_pid}' "$@"
  else
    "${tmx[@]}" new-window -d -t bench -n "$name" -P -F '#{pane_pid}' "$@"
  fi
}

# first_frame_ms T0_NS WINDOW: from T0 to every panel title and the status bar on screen
first_frame_ms() {
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

# ms_per_s TICKS0 TICKS1 NS: CPU milliseconds per second of wall time
ms_per_s() { awk -v a="$1" -v b="$2" -v hz="$hz" -v ns="$3" 'BEGIN { printf "%.1f\n", (b - a) * 1000 / hz / (ns / 1e9) }'; }
