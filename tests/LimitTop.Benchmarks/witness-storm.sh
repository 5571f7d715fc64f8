#!/bin/sh
# A storm of refused forks under the refusal witness (issue 26): ltrefuse forks in a loop for SECONDS as a
# uid of its own under prlimit --nproc=1 (every fork refused with EAGAIN, tens of thousands a second) while the
# witness drains once a second; prints Drain's CPU per tick and checks counted + lost against the storm's own
# count. Run as root: tests/LimitTop.Benchmarks/witness-storm.sh [SECONDS] [BUFFER_KB_PER_CPU] [DRAIN_BUDGET_KB]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-30}
buffer=${2:-64}
budget=${3:-256}
uid=${LT_WITNESS_UID:-61999}
tmp=$(mktemp -d /tmp/lt_witness_storm.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
cc -O2 -pthread -o "$tmp/ltrefuse" "$here/../LimitTop.Core.Tests/Live/ltrefuse.c"
dotnet build "$here" -c Release -v q -nologo >/dev/null
dotnet "$here/bin/Release/net10.0/LimitTop.Benchmarks.dll" witness "$seconds" "$tmp/ltrefuse" "$uid" "$buffer" "$budget"
