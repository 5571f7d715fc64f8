#!/usr/bin/env bash
# Memory under hostile input (issue 24, "Done means"): does --headless stay under 64 MB RSS when a local user
# makes huge command lines and a flood of short-lived cgroups?
#
#   hostile.sh [SECONDS] [CGROUPS] [ARGV_PROCESSES]      defaults: 60 10000 50        (root; needs python3, setpriv)
#
# 1. Starts the NativeAOT limittop --headless (1 s refresh) with --metrics on a loopback port and --record.
# 2. Starts ARGV_PROCESSES processes as uid 65534, each with a ~2 MB argv (20 arguments of 100,000 bytes:
#    as much as execve takes here), and keeps them for the whole run.
# 3. Over SECONDS, makes and removes CGROUPS v1 pids cgroups (/sys/fs/cgroup/pids/lt_secmem_churn_*): 200 sleeping
#    processes of uid 65534 are moved into a fresh cgroup each, round after round, and the cgroup each left is
#    removed — every name is new, every one holds a process while it exists, so limittop lists them as it samples.
# 4. Prints limittop's RSS every 5 s, then the start (after its first samples), the peak (VmHWM) and the end
#    (10 s after the churn stopped), and exits 1 when the peak is 64 MB or more, or limittop died.
# Tears down what it started on exit, also on Ctrl+C. LIMITTOP=/path/to/limittop (default /tmp/secmem-aot/limittop).
set -euo pipefail
seconds=${1:-60}
cgroups=${2:-10000}
argv_procs=${3:-50}
limittop=${LIMITTOP:-/tmp/secmem-aot/limittop}
v1=/sys/fs/cgroup/pids
work=$(mktemp -d /tmp/lt_secmem_hostile.XXXXXX)
pids=()
lt_pid=""
churn_pid=""

cleanup() {
  [ -n "$churn_pid" ] && kill "$churn_pid" 2>/dev/null || true
  [ -n "$lt_pid" ] && kill "$lt_pid" 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for d in "$v1"/lt_secmem_churn_*; do
    [ -d "$d" ] || continue
    for p in $(cat "$d/cgroup.procs" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    rmdir "$d" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || { echo "hostile.sh: run as root (the load runs as uid 65534, cgroups need root)" >&2; exit 2; }
[ -x "$limittop" ] || { echo "hostile.sh: no limittop at $limittop (set LIMITTOP)" >&2; exit 2; }
[ -f "$v1/cgroup.procs" ] || { echo "hostile.sh: needs the v1 pids hierarchy at $v1" >&2; exit 2; }
for t in python3 setpriv; do command -v "$t" >/dev/null || { echo "hostile.sh: $t missing" >&2; exit 2; }; done

rss() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

port=$((20000 + RANDOM % 20000))
"$limittop" --headless --metrics "127.0.0.1:$port" --record "$work/rec" >"$work/limittop.log" 2>&1 &
lt_pid=$!
sleep 5
start_kb=$(rss "$lt_pid" VmRSS)
echo "limittop pid $lt_pid: RSS at start ${start_kb} kB"

# 2. Huge command lines (uid 65534), kept for the whole run.
big=$(head -c 100000 /dev/zero | tr '\0' a)
args=()
for _ in $(seq 20); do args+=("$big"); done
for _ in $(seq "$argv_procs"); do
  env -i setpriv --reuid 65534 --regid 65534 --clear-groups /bin/sh -c 'sleep 100000; :' lt_secmem_argv "${args[@]}" &
  pids+=($!)
done

# 3. The cgroup churn.
cat >"$work/churn.py" <<'PY'
import os, sys, time, subprocess
v1, total, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
holders = [subprocess.Popen(["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", "sleep", "100000"])
           for _ in range(200)]
where = [None] * len(holders)
start, n = time.monotonic(), 0
try:
    while n < total:
        for i, h in enumerate(holders):
            if n >= total:
                break
            d = "%s/lt_secmem_churn_%d" % (v1, n)
            os.mkdir(d)
            with open(d + "/cgroup.procs", "w") as f:
                f.write(str(h.pid))
            if where[i]:
                os.rmdir(where[i])
            where[i] = d
            n += 1
            ahead = start + n * seconds / total - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)
    print("made and removed %d cgroups in %.1f s" % (n, time.monotonic() - start), flush=True)
finally:
    for h in holders:
        h.kill()
        h.wait()
    for d in where:
        if d:
            for _ in range(100):
                try:
                    os.rmdir(d)
                    break
                except OSError:
                    time.sleep(0.05)
PY
python3 "$work/churn.py" "$v1" "$cgroups" "$seconds" &
churn_pid=$!

elapsed=0
while kill -0 "$churn_pid" 2>/dev/null; do
  sleep 5
  elapsed=$((elapsed + 5))
  kill -0 "$lt_pid" 2>/dev/null || { echo "hostile.sh: limittop died" >&2; cat "$work/limittop.log" >&2; exit 1; }
  echo "t=${elapsed}s RSS $(rss "$lt_pid" VmRSS) kB, peak $(rss "$lt_pid" VmHWM) kB, cgroups now $(ls -d "$v1"/lt_secmem_churn_* 2>/dev/null | wc -l)"
done
wait "$churn_pid"
churn_pid=""
sleep 10
kill -0 "$lt_pid" 2>/dev/null || { echo "hostile.sh: limittop died" >&2; cat "$work/limittop.log" >&2; exit 1; }
end_kb=$(rss "$lt_pid" VmRSS)
peak_kb=$(rss "$lt_pid" VmHWM)
dumps=$(ls "$work/rec" 2>/dev/null | wc -l)
echo "RSS start ${start_kb} kB, peak ${peak_kb} kB, end ${end_kb} kB ($argv_procs x 2 MB argv, $cgroups cgroups in ${seconds} s; $dumps recorder files)"
if [ "$peak_kb" -ge $((64 * 1024)) ]; then
  echo "hostile.sh: FAIL: peak RSS ${peak_kb} kB >= 64 MB" >&2
  exit 1
fi
echo "hostile.sh: ok (peak under 64 MB)"
