#!/usr/bin/env bash
# Takes PNG screenshots of limittop running in a real xterm under Xvfb, on a real scenario:
#   - user "nobody" at 93 of its 100 RLIMIT_NPROC tasks, through one thread-heavy program ("myapp");
#   - a pids cgroup (v1 or v2) at its pids.max of 64, its last thread refused;
#   - a few thousand loopback TCP sockets in TIME_WAIT.
# Usage: tests/LimitTop.Tests/Screenshots/take.sh [output-dir]   (default: screenshots/ at the repo root)
#        ONCE_OUT=FILE also writes `limittop --once` of the scenario to FILE (the README's example).
#        LIMITTOP_BIN=FILE uses that build instead of publishing one; ONLY="setup monochrome" takes only those.
# Needs (Debian): xvfb xterm imagemagick x11-utils fonts-dejavu-core gcc python3 util-linux tmux; run as root
# (setpriv/prlimit). Everything it starts is killed on exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=$(mkdir -p "${1:-$root/screenshots}" && cd "${1:-$root/screenshots}" && pwd)
work=$(mktemp -d)
chmod 755 "$work"
pids=()
cg=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$cg" ] && [ -d "$cg" ]; then
    for _ in $(seq 30); do rmdir "$cg" 2>/dev/null && break; sleep 0.1; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# the shipped build (NativeAOT), as the README installs it
if [ -n "${LIMITTOP_BIN:-}" ]; then
  mkdir -p "$work/bin" && cp "$LIMITTOP_BIN" "$work/bin/limittop"
else
  dotnet publish "$root/src/LimitTop/LimitTop.csproj" -c Release -o "$work/bin" -v q -nologo >/dev/null
fi
# a settings directory of its own: the setup screen writes limittop.conf, never the caller's
mkdir -p "$work/config"
wanted() { [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" $1 "* ]]; }
gcc -O2 -pthread -o "$work/myapp" "$here/thread-hog.c"
cp "$work/myapp" "$work/worker"

# The replay (issue 28) needs the scenario recorded as it happens: a headless recorder from before its first fork.
if wanted replay-refusal; then
  mkdir -p "$work/rec"
  "$work/bin/limittop" --headless --interval 1 --record "$work/rec" 2>"$work/recorder.log" &
  recorder=$!
  pids+=($recorder)
  sleep 2
fi
# The scenario: the field report's user at its RLIMIT_NPROC through one thread-heavy program ...
setpriv --reuid=65534 --regid=65534 --clear-groups prlimit --nproc=100 "$work/myapp" 92 &
pids+=($!)
# ... a service in a pids cgroup (systemd's TasksMax=) that has hit pids.max: its last thread was refused ...
if [ -d /sys/fs/cgroup/pids ]; then
  cg=/sys/fs/cgroup/pids/limittop-demo.slice
elif grep -qw pids /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null; then
  cg=/sys/fs/cgroup/limittop-demo.slice
fi
if [ -n "$cg" ]; then
  mkdir -p "$cg"
  echo 64 > "$cg/pids.max"
  sh -c 'echo $$ > "$1/cgroup.procs" && exec "$2" 80' sh "$cg" "$work/worker" &
  pids+=($!)
fi
# ... and the red herring: thousands of TIME_WAIT sockets.
python3 "$here/time-wait.py" 3000
# The README's `limittop --once` example comes from the same scenario: ONCE_OUT=FILE writes it there.
if [ -n "${ONCE_OUT:-}" ]; then
  sleep 1
  "$work/bin/limittop" --once > "$ONCE_OUT"
  echo "$ONCE_OUT"
fi

# A display of our own (never reuse one somebody else started).
n=90
while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
pids+=($xvfb)
export DISPLAY=:$n
for _ in $(seq 50); do xwininfo -root >/dev/null 2>&1 && break; sleep 0.1; done
kill -0 "$xvfb" || { echo "Xvfb :$n did not start" >&2; exit 1; }

shot() { # name cols rows [VAR=value ... set for limittop]
  local name=$1 cols=$2 rows=$3
  shift 3
  wanted "$name" || return 0
  # -name, not -T: the program sets the window title itself
  xterm -name "limittop-$name" -geometry "${cols}x${rows}" -fa 'DejaVu Sans Mono' -fs 11 -bg black -fg '#d0d0d0' \
        -e env TERM=xterm-256color XDG_CONFIG_HOME="$work/config" "$@" "$work/bin/limittop" &
  local xt=$!
  pids+=($xt)
  sleep 4   # three refreshes: CPU % and the clock are live
  local id
  id=$(xwininfo -root -tree | awk -v t="(\"limittop-$name\"" 'index($0, t) {print $1; exit}')
  # never call import without a window: it would wait for a mouse click
  [ -n "$id" ] || { echo "no xterm window for $name (did Xvfb die?)" >&2; exit 1; }
  import -window "$id" "$out/$name.png"
  kill "$xt" 2>/dev/null || true
  echo "$out/$name.png"
}

# Keys for a dialog: xterm runs a status-less tmux on a private server, and tmux types the keys (no xdotool).
cat > "$work/tmux.conf" <<'CONF'
set -g status off
set -g default-terminal tmux-256color
set -as terminal-features ',xterm*:RGB'
set -sg escape-time 10
CONF
shot_keys() { # name cols rows key...
  local name=$1 cols=$2 rows=$3
  shift 3
  wanted "$name" || return 0
  local sock="limittop-shot-$$-$name"
  xterm -name "limittop-$name" -geometry "${cols}x${rows}" -fa 'DejaVu Sans Mono' -fs 11 -bg black -fg '#d0d0d0' \
        -e env TERM=xterm-256color tmux -L "$sock" -f "$work/tmux.conf" new-session env XDG_CONFIG_HOME="$work/config" "$work/bin/limittop" ${LT_ARGS:-} &
  local xt=$!
  pids+=($xt)
  sleep 4
  for k in "$@"; do tmux -L "$sock" send-keys "$k"; sleep 0.3; done
  sleep 1.5 # a refresh under the dialog
  local id
  id=$(xwininfo -root -tree | awk -v t="(\"limittop-$name\"" 'index($0, t) {print $1; exit}')
  # never call import without a window: it would wait for a mouse click
  [ -n "$id" ] || { echo "no xterm window for $name (did Xvfb die?)" >&2; exit 1; }
  import -window "$id" "$out/$name.png"
  tmux -L "$sock" kill-server 2>/dev/null || true
  rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock" # tmux leaves its socket file behind
  kill "$xt" 2>/dev/null || true
  echo "$out/$name.png"
}

shot dashboard-120x40 120 40
shot dashboard-80x24 80 24
shot dashboard-40x12 40 12
# the kill dialog on the thread hog of "nobody" (found with /), TERM and "this process" preselected
shot_keys kill-dialog-120x40 120 40 / myapp Enter k
# Enter's explanation panel on the same thread hog: its nproc binds (92 threads of nobody's 100)
shot_keys why-panel 120 40 / myapp Enter Enter
# the tree view (t): myapp under its parent, Σ = tasks of each subtree
shot_keys tree-view-120x40 120 40 / myapp Enter t
# all findings ranked (f): the spent cgroup and the user at 93 % first, in the order of --once
shot_keys findings-120x40 120 40 f
# the monochrome scheme, as NO_COLOR=1 (no-color.org) chooses it
shot monochrome 120 40 NO_COLOR=1
# the F2 setup screen: SOCK just hidden (the cursor on it)
shot_keys setup 120 40 F2 Down Down Down Down Down Down Space
# The refusal witness during a storm of refused forks (issue 26): a uid of its own forks in a loop under
# prlimit --nproc=1 for 40 s while two dashboards are shot — the diagnosis line's sentence and REFUSED, then the
# event log (e) with its refused lines.
if wanted witness-storm || wanted witness-events; then
  gcc -O2 -pthread -o "$work/ltrefuse" "$here/../../LimitTop.Core.Tests/Live/ltrefuse.c"
  mkfifo "$work/storm-in"
  setpriv --reuid=65533 --regid=65533 --clear-groups prlimit --nproc=1 -- "$work/ltrefuse" storm 0 40 <"$work/storm-in" >/dev/null &
  pids+=($!)
  exec 7>"$work/storm-in"
  echo go >&7
  shot_keys witness-storm 160 40 F6 Down Down Down Down Down Down Down Down Enter # sort by REFUSED (THR + 8)
  shot_keys witness-events 160 40 e
  exec 7>&-
fi

# The replay at the moment of a refusal (issue 28): the recording made since the scenario started, stopped cleanly,
# then --replay with e (the recorded events) and Enter on the newest: the dashboard as it was then, REPLAY in the header.
if wanted replay-refusal; then
  sleep 3
  kill -TERM "$recorder" 2>/dev/null || true
  wait "$recorder" 2>/dev/null || true
  LT_ARGS="--replay $work/rec" shot_keys replay-refusal 120 40 e Enter
fi
