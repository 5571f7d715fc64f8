#!/usr/bin/env bash
# Where a tick of the NativeAOT limittop goes at the field load: perf samples of the whole process.
#
#   profile.sh [SECONDS] [ARGS...]      e.g.  profile.sh 30            (root; needs perf, cc, tmux)
#
# Starts the field load (load/field-load.sh + load/sockload.c, as compare.sh), limittop --interval 1 ARGS in a
# 160×50 tmux window, waits 5 s, records `perf record -e cpu-clock -F 4999 -g` of its process for SECONDS
# (default 30), and prints the share of samples by kernel/user side, by DSO, and the top symbols, self and
# with children. perf finds limittop's symbols in limittop.dbg beside the binary (StripSymbols keeps them there).
# LIMITTOP=/path/to/limittop skips the publish step. PERF_DATA=FILE keeps the recording (perf report -i FILE). Tears down what it started.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-30}
shift || true
cols=160 rows=50
work=$(mktemp -d /tmp/limittop-profile.XXXXXX)
chmod 755 "$work"
# shellcheck source=../load/lib.sh
. "$here/../load/lib.sh"
trap 'lib_cleanup; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
[ "$(id -u)" = 0 ] || { echo "profile.sh: run as root" >&2; exit 2; }
command -v perf >/dev/null || { echo "profile.sh: perf missing (apt-get install linux-perf)" >&2; exit 2; }

publish_limittop
machine
load_start 10 1632 10000 5000
echo "load: 10 processes x 1632 threads (tasks now $(tasks)); sockets: $(sockstat)"
lt=$(start limittop "${env_run[@]}" "$LIMITTOP" --interval 1 "$@")
sleep 5
c0=$(cpu_ticks "$lt")
perf record -q -e cpu-clock -F 4999 -g -p "$lt" -o "$work/perf.data" -- sleep "$seconds" 2>/dev/null
c1=$(cpu_ticks "$lt")
[ -n "${PERF_DATA:-}" ] && cp "$work/perf.data" "$PERF_DATA"
echo "limittop $*: $(awk -v a="$c0" -v b="$c1" -v hz="$hz" -v s="$seconds" 'BEGIN { printf "%.1f", (b - a) * 1000 / hz / s }') ms CPU/s over ${seconds} s"
report=(perf report -i "$work/perf.data" --stdio --no-header -q)
echo; echo "== by DSO (self) =="
"${report[@]}" --no-children --sort dso -g none 2>/dev/null | grep -v '^$' | head -12
echo; echo "== top symbols (self) =="
"${report[@]}" --no-children --sort dso,sym -g none 2>/dev/null | grep -v '^$' | head -45
echo; echo "== top symbols (with children) =="
"${report[@]}" --children --sort sym -g none 2>/dev/null | grep -v '^$' | head -60
