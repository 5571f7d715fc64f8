#!/bin/sh
# The refusal witness's cost in the product (issue 26): the shipped limittop --headless, with the witness and
# with --no-witness, interleaved A B A B …, each for SECONDS, during a storm of refused forks (ltrefuse forking in
# a loop as a uid of its own under prlimit --nproc=1: every fork refused with EAGAIN) and at idle. Per run: the
# CPU limittop spent (utime + stime of /proc/PID/stat, 10 ms ticks) per second, its threads at the end, the
# storm's own count of refused forks and what limittop counted + lost. Run as root:
#   tests/LimitTop.Benchmarks/witness-compare.sh LIMITTOP [SECONDS] [RUNS]
# LIMITTOP: a published (NativeAOT) limittop, e.g. dotnet publish -c Release src/LimitTop -o /tmp/pub.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$1
seconds=${2:-30}
runs=${3:-3}
uid=${LT_WITNESS_UID:-61998}
hz=$(getconf CLK_TCK)
tmp=$(mktemp -d /tmp/lt_witness_cmp.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
chmod 755 "$tmp"
cc -O2 -pthread -o "$tmp/ltrefuse" "$here/../LimitTop.Core.Tests/Live/ltrefuse.c"

cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }
series() { awk -v s="$1" 'index($0, s " ") == 1 { print $2 }' "$tmp/m.prom"; }

# run LOAD WITNESS: prints one line
run() {
    load=$1 witness=$2
    rm -f "$tmp/m.prom"
    if [ "$witness" = on ]; then "$bin" --headless --interval 1 --textfile "$tmp/m.prom" 2>"$tmp/err" &
    else "$bin" --headless --interval 1 --textfile "$tmp/m.prom" --no-witness 2>"$tmp/err" &
    fi
    pid=$!
    while [ ! -s "$tmp/m.prom" ]; do sleep 0.1; done
    sleep 2 # start-up is not measured
    own=-
    c0=$(cpu_of "$pid")
    if [ "$load" = storm ]; then
        rm -f "$tmp/in" "$tmp/out"; mkfifo "$tmp/in"
        setpriv --reuid="$uid" --regid="$uid" --clear-groups prlimit --nproc=1 -- "$tmp/ltrefuse" storm 0 "$seconds" <"$tmp/in" >"$tmp/out" &
        exec 3>"$tmp/in"
        echo go >&3
        until grep -q '^failed' "$tmp/out" 2>/dev/null; do sleep 0.2; done
        own=$(awk '/^failed/ { print $2 }' "$tmp/out")
        exec 3>&-
        wait $!
    else
        sleep "$seconds"
    fi
    c1=$(cpu_of "$pid")
    sleep 2 # two more ticks: what was still in the pipe is counted
    counted=$(series "limittop_task_creations_refused_total{limit=\"nproc\",user=\"$uid\"}")
    lost=$(series limittop_task_creations_refused_lost_total)
    threads=$(awk '/^Threads:/ { print $2 }' "/proc/$pid/status")
    kill -TERM "$pid"; wait "$pid" || true; pid=
    awk -v l="$load" -v w="$witness" -v c="$((c1 - c0))" -v hz="$hz" -v s="$seconds" -v own="$own" -v n="${counted:--}" -v lost="${lost:--}" -v t="$threads" \
        'BEGIN { printf "%-5s witness %-3s  cpu %7.2f ms/s  threads %s  storm refused %s  counted %s lost %s\n", l, w, c * 1000 / hz / s, t, own, n, lost }'
}

echo "limittop $bin; $seconds s per run, $runs runs each, interleaved; load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs shared with other work"
for load in storm idle; do
    i=0
    while [ "$i" -lt "$runs" ]; do
        run "$load" on
        run "$load" off
        i=$((i + 1))
    done
done
