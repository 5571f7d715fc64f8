#!/usr/bin/env bash
# Installs the Debian packages the tests need (run as root on Debian 12 with the .NET 10 SDK). .ci/run calls it;
# the README's test line is `tests/install-prereqs.sh && dotnet test LimitTop.sln`. Only what is missing is
# installed, so a second run costs a few dpkg queries.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

packages=(
  # end-to-end, survival and oracle tests
  tmux strace procps util-linux iproute2 gcc
  # the NativeAOT build (dotnet publish)
  clang zlib1g-dev
  # the man page and the .deb (tests/LimitTop.Tests/Packaging, packaging/ci-deb-check.sh)
  scdoc man-db dpkg-dev lintian
  # capsh for the exempt-process test (--why); Prometheus, promtool and systemd-analyze for the fleet tests
  libcap2-bin prometheus systemd
  # the container image test (packaging/container, Fleet/ContainerImageTests): Podman with runc (crun refuses this
  # VM's hybrid cgroups, docs/kernel-limits.md §13), busybox-static and uidmap as Podman's Debian setup wants them
  podman runc busybox-static uidmap
)

need=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "install-prereqs: installing ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# The offline Kubernetes manifest validator (tests/manifest-validator: kubernetes-models' schemas and TypeScript),
# from the npm registry by its lock file. Node.js: the machine's own when it has one, else Debian's.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "install-prereqs: installing nodejs npm"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
validator="$(cd "$(dirname "$0")" && pwd)/manifest-validator"
if [ ! -d "$validator/node_modules/kubernetes-models" ] || [ "$validator/package-lock.json" -nt "$validator/node_modules/.package-lock.json" ]; then
  echo "install-prereqs: npm ci in tests/manifest-validator"
  npm ci --prefix "$validator" --no-audit --no-fund --loglevel=error >/dev/null
fi
