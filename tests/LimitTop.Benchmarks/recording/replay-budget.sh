#!/usr/bin/env bash
# The replay's budgets (issue 28) on a 24-hour journal (make one: LimitTop.Benchmarks journal-day DIR 24): in a
# private tmux, `limittop --replay DIR --at TIME` from start to the first frame on screen (the header's REPLAY
# line, polled every 10 ms), then steps: ] (a tick) and [ across block boundaries and } (a minute), each from the
# key to the header's new time (wall: tmux and the terminal included), and what reading that tick took inside
# limittop (the status bar's "sample N ms" in a replay); the replay's peak memory (VmHWM) and RSS. RUNS times (default 3).
# Wall times on a shared machine: the load average is printed with each run.
# Usage: replay-budget.sh LIMITTOP DIR [RUNS]
set -euo pipefail
lt=${1:?usage: replay-budget.sh LIMITTOP DIR [RUNS]}
dir=${2:?journal directory}
runs=${3:-3}
t=(tmux -L "lt_w28_replay_$$" -f /dev/null)
trap '"${t[@]}" kill-server 2>/dev/null || true' EXIT
now() { date +%s%N; }
header() { "${t[@]}" capture-pane -p -t rb | head -1; }
inside() { "${t[@]}" capture-pane -p -t rb | tail -1 | grep -o 'sample [0-9]* ms' | grep -o '[0-9]*' || echo '?'; }
wait_change() { # $1 = previous header; prints ms
  local t0=$1 before=$2 h
  while :; do h=$(header); [ "$h" != "$before" ] && [[ "$h" == *REPLAY* ]] && break; sleep 0.01; done
  echo $(( ($(now) - t0) / 1000000 ))
}
for r in $(seq "$runs"); do
  "${t[@]}" kill-server 2>/dev/null || true
  t0=$(now)
  "${t[@]}" new-session -d -s rb -x 160 -y 45 "$lt --replay $dir --at 12:00"
  while ! header | grep -q REPLAY; do sleep 0.01; done
  first=$(( ($(now) - t0) / 1000000 ))
  first_read=$(inside)
  pid=$("${t[@]}" list-panes -t rb -F '#{pane_pid}')
  steps=()
  for k in ']' ']' '[' '[' '[' '}' '}' '{'; do
    before=$(header); t0=$(now); "${t[@]}" send-keys -t rb "$k"; w=$(wait_change "$t0" "$before"); sleep 0.05; steps+=("$k ${w}/$(inside)")
  done
  # across block boundaries: 70 ticks back, one at a time, the slowest kept
  slow=0 slowin=0
  for i in $(seq 70); do
    before=$(header); t0=$(now); "${t[@]}" send-keys -t rb '['; ms=$(wait_change "$t0" "$before"); [ "$ms" -gt "$slow" ] && slow=$ms
    sleep 0.05; in=$(inside); [ "$in" != '?' ] && [ "$in" -gt "$slowin" ] && slowin=$in
  done
  :
  hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status"); rss=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")
  echo "run $r (load $(cut -d' ' -f1 /proc/loadavg)): first frame ${first} ms (wall, process start to the header on screen; reading the first tick ${first_read} ms inside); steps (wall/inside) ${steps[*]} ms; slowest of 70 [ ${slow} ms wall, ${slowin} ms inside; peak memory $((hwm / 1024)) MiB, RSS $((rss / 1024)) MiB"
  "${t[@]}" send-keys -t rb q
  sleep 0.5
done
