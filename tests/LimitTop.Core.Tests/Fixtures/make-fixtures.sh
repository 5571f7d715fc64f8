#!/usr/bin/env bash
# Rebuilds the captured fixture trees proc-basic/ and proc-v2/ (run as root on a Linux box with cc).
# Real captures (copied, not linked): pid 2 (kthreadd), pid 1 (no fd dir: fd count unknown), and a
# captured test child (ltchild) whose stat/status/limits serve as the template for the hand-made
# processes below. The tests assert hand-computed numbers, so re-running this script on another
# machine keeps the hand-made parts identical; only the copied real files change.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../Live/ltchild.c
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -pthread -o "$tmp/ltchild" "$src"

capture() { # capture PID DEST [fd]
  local pid=$1 dest=$2
  mkdir -p "$dest"
  for f in stat status limits cgroup cmdline; do cat "/proc/$pid/$f" > "$dest/$f"; done
  if [ "${3:-}" = fd ]; then
    mkdir -p "$dest/fd"
    for fd in $(ls "/proc/$pid/fd"); do : > "$dest/fd/$fd"; done
  fi
}

# stat/status/limits of a quiet child, used as the template
coproc LT { exec "$tmp/ltchild" 1 2 0 template; }
read -r _ tpid <&"${LT[0]}"
rm -rf "$tmp/t"; capture "$tpid" "$tmp/t" fd
exec {LT[1]}>&-; wait "$LT_PID" || true

# make PID COMM STATE PPID RUID EUID THREADS SIGQ NPROC_SOFT NPROC_HARD NOFILE_SOFT SIGPEND_SOFT FDS CGROUPFILE ROOT
make_proc() {
  local pid=$1 comm=$2 state=$3 ppid=$4 ruid=$5 euid=$6 threads=$7 sigq=$8 ns=$9 nh=${10} nf=${11} sp=${12} fds=${13} cg=${14} root=${15}
  local d=$root/proc/$pid
  mkdir -p "$d/fd"
  # stat: keep the template's numbers after the comm, replace pid, comm, state, ppid, num_threads
  local rest; rest=$(sed 's/^.*) //' "$tmp/t/stat")
  printf '%s (%s) %s\n' "$pid" "$comm" "$(echo "$rest" | awk -v s="$state" -v pp="$ppid" -v nt="$threads" '{ $1=s; $2=pp; $18=nt; print }')" > "$d/stat"
  # status: the kernel escapes only \n and \\ in Name:
  local esc; esc=$(printf '%s' "$comm" | sed -e 's/\\/\\\\/g' | awk 'BEGIN{ORS=""} NR>1{print "\\n"} {print}')
  NAME="$esc" awk -v st="$state" -v pp="$ppid" -v ru="$ruid" -v eu="$euid" -v nt="$threads" -v sq="$sigq" -v sp="$sp" -v pid="$pid" '
    /^Name:/ {print "Name:\t" ENVIRON["NAME"]; next}
    /^State:/ {print "State:\t" st (st=="Z" ? " (zombie)" : " (sleeping)"); next}
    /^(Tgid|Pid|NStgid|NSpid):/ {split($0,a,":"); print a[1] ":\t" pid; next}
    /^PPid:/ {print "PPid:\t" pp; next}
    /^Uid:/ {print "Uid:\t" ru "\t" eu "\t" eu "\t" eu; next}
    /^Threads:/ {print "Threads:\t" nt; next}
    /^SigQ:/ {print "SigQ:\t" sq "/" sp; next}
    {print}' "$tmp/t/status" > "$d/status"
  awk -v ns="$ns" -v nh="$nh" -v nf="$nf" -v sp="$sp" '
    /^Max processes/ {printf "%-26s%-21s%-21s%-10s\n", "Max processes", ns, nh, "processes"; next}
    /^Max open files/ {printf "%-26s%-21s%-21s%-10s\n", "Max open files", nf, nf, "files"; next}
    /^Max pending signals/ {printf "%-26s%-21s%-21s%-10s\n", "Max pending signals", sp, sp, "signals"; next}
    {print}' "$tmp/t/limits" > "$d/limits"
  printf '%s' "$cg" > "$d/cgroup"
  printf '%s\0--serve\0' "$comm" > "$d/cmdline"
  for ((i = 0; i < fds; i++)); do : > "$d/fd/$i"; done
}

common() { # system files with fixed numbers
  local root=$1 tasks=$2
  mkdir -p "$root/proc/sys/kernel" "$root/proc/sys/fs" "$root/proc/sys/vm" "$root/etc"
  printf '0.52 0.58 0.59 3/%s 9999\n' "$tasks" > "$root/proc/loadavg"
  printf '5000.25 9000.50\n' > "$root/proc/uptime"
  printf '7718\n' > "$root/proc/sys/kernel/threads-max"
  printf '32768\n' > "$root/proc/sys/kernel/pid_max"
  printf 'fixture\n' > "$root/proc/sys/kernel/hostname"
  printf '1056\t0\t9223372036854775807\n' > "$root/proc/sys/fs/file-nr"
  printf '1048576\n' > "$root/proc/sys/fs/nr_open"
  printf '0\n' > "$root/proc/sys/vm/overcommit_memory"
  head -c 4096 /proc/meminfo > "$root/proc/meminfo"
  cat > "$root/etc/passwd" <<'PW'
root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bob:x:1000:1000:Bob:/home/bob:/bin/bash
eve:x:1001:1001:Eve:/home/eve:/bin/bash
bob2:x:1000:1000:duplicate uid, first entry wins:/:/bin/false
mal\x1b[2Jory:x:1002:1002:hostile name:/:/bin/false
PW
  # a hostile user name: real ESC byte
  sed -i 's/mal\\x1b\[2Jory/mal\x1b[2Jory/' "$root/etc/passwd"
}

V1='9:name=systemd:/user.slice
8:pids:/user.slice/user-1000.slice/app.service
0::/user.slice
'
pidsv1() { # DIR CURRENT MAX EVENTS
  mkdir -p "$1"; printf '%s\n' "$2" > "$1/pids.current"; printf '%s\n' "$3" > "$1/pids.max"; printf 'max %s\n' "$4" > "$1/pids.events"
}

# ---------------- proc-basic: hybrid v1 pids + unified without pids ----------------
B=$here/proc-basic
rm -rf "$B"; mkdir -p "$B/proc" "$B/sys/fs/cgroup/unified"
common "$B" 1900
capture 1 "$B/proc/1"          # real, no fd dir: fd count unknown
capture 2 "$B/proc/2"          # real kernel thread
cp -r "$tmp/t" "$B/proc/777"   # real user-space process (the template itself), pid renamed below
sed -i "s/^$tpid /777 /" "$B/proc/777/stat"
printf 'cgroup.controllers' > /dev/null
printf 'cpu memory pids\n' > "$B/sys/fs/cgroup/unified/cgroup.controllers"
printf '\n' > "$B/sys/fs/cgroup/unified/cgroup.subtree_control"
# bob (1000): nproc soft 1700 and 1800; 1632 + 60 + 1 (zombie) = 1693 tasks
make_proc 4242 myapp S 1 1000 1000 1632 0 1700 3000 1024 7718 7 "$V1" "$B"
make_proc 4300 worker S 1 1000 1000 60 0 1800 3000 1024 7718 3 "$V1" "$B"
make_proc 4301 defunct Z 4300 1000 1000 1 0 1800 3000 1024 7718 0 "$V1" "$B"
rm -r "$B/proc/4301/fd"        # a zombie has no fd dir entries; listing it fails ENOENT
# eve (1001): hostile name, real uid 1001 but effective uid 0; SigQ 5/20 (soft sigpending 20)
make_proc 5000 $'a) (b\n\e[2J' S 1 1001 0 2 5 100 200 64 20 60 '8:pids:/
0::/
' "$B"
make_proc 5003 ')' S 1 1001 1001 1 5 120 200 64 96365 1 '8:pids:/
0::/
' "$B"
# vanished between readdir and read: stat there, status gone
make_proc 5001 gone S 1 1001 1001 1 0 100 200 64 20 0 '8:pids:/
' "$B"
rm "$B/proc/5001/status"
# truncated stat
make_proc 5002 trunc S 1 1001 1001 1 0 100 200 64 20 0 '8:pids:/
' "$B"
printf '5002 (trunc) S 1 5002 5002 0 -1' > "$B/proc/5002/stat"
# mallory (1002): hostile passwd name
make_proc 6000 sleeper S 1 1002 1002 1 0 4096 4096 1024 7718 2 '8:pids:/
' "$B"
pidsv1 "$B/sys/fs/cgroup/pids/user.slice" 1800 max 0
pidsv1 "$B/sys/fs/cgroup/pids/user.slice/user-1000.slice" 1693 1700 0
pidsv1 "$B/sys/fs/cgroup/pids/user.slice/user-1000.slice/app.service" 1693 max 3

# ---------------- proc-v2: pure cgroup2 with pids in subtree_control ----------------
V=$here/proc-v2
rm -rf "$V"; mkdir -p "$V/proc" "$V/sys/fs/cgroup"
common "$V" 300
printf 'cpuset cpu io memory pids\n' > "$V/sys/fs/cgroup/cgroup.controllers"
printf 'cpu memory pids\n' > "$V/sys/fs/cgroup/cgroup.subtree_control"
make_proc 100 nginx S 1 33 33 40 0 unlimited unlimited 1024 7718 12 '0::/system.slice/nginx.service
' "$V"
make_proc 101 nginx S 100 33 33 10 0 unlimited unlimited 1024 7718 4 '0::/system.slice/nginx.service
' "$V"
make_proc 200 db S 1 999 999 48 0 5000 5000 1024 7718 20 '0::/system.slice/db.service
' "$V"
pidsv2() { # DIR CURRENT MAX EVENTS LOCAL
  mkdir -p "$1"; printf '%s\n' "$2" > "$1/pids.current"; printf '%s\n' "$3" > "$1/pids.max"
  printf 'max %s\n' "$4" > "$1/pids.events"; printf 'max %s\n' "$5" > "$1/pids.events.local"
}
pidsv2 "$V/sys/fs/cgroup/system.slice" 98 100 4 0
pidsv2 "$V/sys/fs/cgroup/system.slice/nginx.service" 50 64 4 4
pidsv2 "$V/sys/fs/cgroup/system.slice/db.service" 48 max 0 0
echo done
