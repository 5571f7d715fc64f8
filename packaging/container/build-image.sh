#!/usr/bin/env bash
# Builds the limittop container image with Podman, from nothing but the published binary and the host's glibc.
#
#   packaging/container/build-image.sh [TAG]       publishes the NativeAOT binary first (dotnet publish -c Release)
#   LIMITTOP_PUBLISH_DIR=DIR packaging/container/build-image.sh [TAG]   uses an existing publish of this tree
#
# TAG defaults to localhost/limittop:<Version of Directory.Build.props>. Prints the tag and the image id.
# Needs: podman (Debian's 4.3.1 works), ldd; dotnet + clang + zlib1g-dev only when it publishes.
#
# No registry and no base image: the rootfs is staged here (see the Containerfile for what it holds) and the
# Containerfile is FROM scratch with one COPY and no RUN, so the build needs no container runtime at all.
# The libraries are the ones ldd resolves for the binary on this host, so build on the oldest glibc you deploy
# to (the binary and its libc travel together; the host's libc is never used by the container).
# Not shipped: libonigwrap.so, which the publish copies from Terminal.Gui's dependencies (packaging/build-deb.sh
# says why it is not needed).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n 's:.*<Version>\([^<]*\)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -1)
[ -n "$version" ] || { echo "build-image: no <Version> in Directory.Build.props" >&2; exit 1; }
tag=${1:-localhost/limittop:$version}
revision=$(git -C "$repo" rev-parse HEAD 2>/dev/null || echo unknown)
# Dates from the last commit, so two builds of one commit give the same layer.
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s)}

work=$(mktemp -d "${TMPDIR:-/tmp}/limittop-image.XXXXXX")
trap 'rm -rf "$work"' EXIT

publish=${LIMITTOP_PUBLISH_DIR:-}
if [ -z "$publish" ]; then
  publish="$work/publish"
  dotnet publish -c Release "$repo/src/LimitTop/LimitTop.csproj" -o "$publish" \
    -nodeReuse:false -p:UseSharedCompilation=false -v q >"$work/publish.log" 2>&1 \
    || { cat "$work/publish.log" >&2; exit 1; }
fi
bin="$publish/limittop"
[ -x "$bin" ] || { echo "build-image: no limittop in $publish" >&2; exit 1; }

root="$work/rootfs"
install -d -m 755 "$root/usr/bin" "$root/etc" "$root/host/proc" "$root/host/sys" "$root/host/etc" "$root/tmp"
chmod 1777 "$root/tmp"
install -m 755 "$bin" "$root/usr/bin/limittop"

# Every file ldd names: the loader ("/lib64/ld-linux-x86-64.so.2 (0x…)") and each "name => /path (0x…)".
ldd_out=$(ldd "$bin") || { echo "build-image: ldd $bin failed: $ldd_out" >&2; exit 1; }
if grep -q 'not found' <<<"$ldd_out"; then
  echo "build-image: unresolved libraries:" >&2
  grep 'not found' <<<"$ldd_out" >&2
  exit 1
fi
libs=$(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$ldd_out" | sort -u)
[ -n "$libs" ] || { echo "build-image: ldd named no library" >&2; exit 1; }
for lib in $libs; do
  install -d -m 755 "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"   # the file, not the host's symlink chain
  chmod 755 "$root$lib"
done

# The users the image may run as: root, and nobody (65534) by default. The host's user names come from the
# host's /etc, mounted at /host/etc (--etc), never from these.
printf 'root:x:0:0:root:/:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
chmod 644 "$root/etc/passwd" "$root/etc/group"

find "$root" -exec touch -h -d "@$epoch" {} +
cp "$repo/packaging/container/Containerfile" "$work/Containerfile"
podman build --quiet --layers=false --timestamp "$epoch" --build-arg "VERSION=$version" --build-arg "REVISION=$revision" \
  -t "$tag" -f "$work/Containerfile" "$work" >"$work/id" 2>"$work/build.log" \
  || { cat "$work/build.log" >&2; exit 1; }
echo "$tag $(cat "$work/id")"
