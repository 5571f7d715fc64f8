#!/usr/bin/env bash
# The field report's load: 10 processes × 1,632 threads (sleeping), as uid 65534, for the C baseline or for
# watching limittop by hand. Usage: field-load.sh start|stop   (root; needs cc)
# FIELD_PROCS / FIELD_THREADS (default 10 / 1632) scale it; FIELD_STATE moves its state directory.
# SamplerBenchmark starts the same load itself (Load=field).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
state=${FIELD_STATE:-/tmp/limittop-field-load}
procs=${FIELD_PROCS:-10}
threads=${FIELD_THREADS:-1632}
case "${1:-}" in
  start)
    mkdir -p "$state"; chmod 755 "$state"
    cc -O2 -pthread -o "$state/ltchild" "$here/../../LimitTop.Core.Tests/Live/ltchild.c"
    for i in $(seq "$procs"); do
      # stdin from a fifo that stays open: ltchild exits when its stdin closes
      mkfifo "$state/in$i"
      setpriv --reuid=65534 --regid=65534 --clear-groups "$state/ltchild" "$threads" 0 0 myapp < "$state/in$i" > "$state/out$i" &
      echo $! > "$state/pid$i"
      sleep infinity > "$state/in$i" &
      echo $! > "$state/hold$i"
    done
    for i in $(seq "$procs"); do until grep -q ready "$state/out$i" 2>/dev/null; do sleep 0.1; done; done
    echo "started: $(cut -d' ' -f4 /proc/loadavg) tasks"
    ;;
  stop)
    for f in "$state"/pid* "$state"/hold*; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
    rm -rf "$state"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
