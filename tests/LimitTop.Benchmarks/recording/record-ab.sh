#!/usr/bin/env bash
# What --record costs, side by side (issue 28): the field load (load/field-load.sh: 10 processes x 1,632 threads as
# uid 65534) started once, then `limittop --headless --interval 1` without (A) and with (B) `--record DIR`,
# interleaved A B A B A B, SECONDS each (default 240). Per run: the process's CPU (utime+stime from /proc/PID/stat,
# read just before SIGTERM) per second of run; for B the journal's bytes, split into key and delta blocks, and the
# bytes a day would take (a day = 1/KeyEvery key blocks, the rest deltas, at the measured block sizes).
# Usage: record-ab.sh LIMITTOP [SECONDS] [PAIRS]    (root; needs cc; the machine's other load is reported, not removed)
set -euo pipefail
lt=${1:?usage: record-ab.sh LIMITTOP [SECONDS] [PAIRS]}
secs=${2:-240}
pairs=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/lt_w28_ab.XXXXXX)
chmod 755 "$work"
export FIELD_STATE="$work/field"
hz=$(getconf CLK_TCK)
cleanup() { "$here/../load/field-load.sh" stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
"$here/../load/field-load.sh" start

cpu_of() { awk -v hz="$hz" '{ print ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; } # ms

run() { # $1 = A|B, $2 = run number
  local args=(--headless --interval 1) dir="$work/rec$2"
  [ "$1" = B ] && args+=(--record "$dir")
  "$lt" "${args[@]}" 2>"$work/log$2" &
  local pid=$! t0; t0=$(date +%s.%N)
  sleep "$secs"
  local ms; ms=$(cpu_of "$pid"); local t1; t1=$(date +%s.%N)
  kill -TERM "$pid"; wait "$pid" || true
  grep -o 'recording: .*' "$work/log$2" || true
  local per; per=$(awk -v ms="$ms" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", ms / (b - a) }')
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  if [ "$1" = B ]; then
    python3 - "$dir" "$secs" "$per" "$load" <<'PY'
import os, struct, sys
d, secs, per, load = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
key = delta = keyt = deltat = head = keyn = 0
for f in sorted(os.listdir(d)):
    if not f.endswith('.ltj'):
        continue
    b = open(os.path.join(d, f), 'rb').read()
    hl = 16 + struct.unpack_from('<i', b, 12)[0] + 4
    head += hl; o = hl
    while o + 48 <= len(b) and b[o:o+4] == b'LTBK':
        c = struct.unpack_from('<i', b, o + 4)[0]; n = struct.unpack_from('<H', b, o + 28)[0]; flags = b[o + 31]
        if o + 48 + c > len(b): break
        if flags & 2: key += 48 + c; keyt += n; keyn += 1
        else: delta += 48 + c; deltat += n
        o += 48 + c
ticks = keyt + deltat
perdelta = delta / deltat if deltat else 0
keyblock = key / keyn if keyn else 0
# a day at 1 s: every tick at the delta rate, plus a key block's extra bytes every KeyEvery (10) one-minute blocks
day = 86400 * perdelta + 144 * max(0, keyblock - perdelta * 60)
print(f"B cpu {per} ms/s  load {load}  journal {key + delta + head} B in {ticks} ticks: {keyn} key blocks of {keyblock:.0f} B, "
      f"delta blocks {perdelta:.0f} B/tick -> {day / 1e6:.1f} MB/day")
PY
  else
    echo "A cpu $per ms/s  load $load"
  fi
}

echo "machine shared with other builds and tests: load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cpus"
for i in $(seq "$pairs"); do run A "a$i"; run B "b$i"; done
