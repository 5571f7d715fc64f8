#!/usr/bin/env bash
# Builds limittop_<version>_amd64.deb into OUTDIR (exactly one .deb is left there).
#
#   packaging/build-deb.sh OUTDIR            publishes the NativeAOT binary (dotnet publish -c Release) first
#   LIMITTOP_PUBLISH_DIR=DIR packaging/build-deb.sh OUTDIR    packages an existing publish of that tree
#
# Needs: dotnet (SDK 10), clang + zlib1g-dev (the AOT tool chain), scdoc, dpkg-dev (dpkg-shlibdeps).
#
# The package holds:
#   /usr/bin/limittop                      the single NativeAOT binary (already stripped: StripSymbols)
#   /usr/share/man/man1/limittop.1.gz      from docs/limittop.1.scd, by scdoc
#   /usr/share/doc/limittop/copyright      DEP-5, MIT
#   /usr/share/doc/limittop/changelog.gz   this is a native package (the version has no Debian revision), and
#                                          Debian policy 12.7 names a native package's changelog changelog.gz;
#                                          changelog.Debian.gz would be lintian's wrong-name-for-changelog-of-
#                                          native-package
#   /usr/lib/systemd/system/limittop.service     when packaging/limittop.service exists
#   /usr/share/doc/limittop/limittop.rules.yml   when packaging/limittop.rules.yml exists
#
# Not shipped: libonigwrap.so, which the publish copies from Terminal.Gui's dependencies. The AOT binary has no
# reference to it (no "onig" string in it) and an strace of the dashboard and of --once shows only libc and libm
# opened; the regular expressions Terminal.Gui uses it for are not used by limittop.
#
# Depends comes from dpkg-shlibdeps on the binary (a debian/control stub in the staging tree): today libc6 only
# (ldd: libc.so.6, libm.so.6 — both in libc6; no libstdc++, no zlib: NativeAOT links the runtime statically).
#
# Lintian (run by packaging/ci-deb-check.sh, which fails on any error or warning): none of either. The
# informational tags (lintian -I) and why they stay:
#   - hardening-no-fortify-functions: the code is compiled by ILCompiler (NativeAOT), not by a C compiler with
#     _FORTIFY_SOURCE; no C of ours calls the fortifiable libc functions. The binary is PIE.
#   - binary-has-unneeded-section .comment: the linker's version notes in the AOT output; harmless bytes.
#   - package-supports-alternative-init-but-no-init.d-script (with the unit): the service is for systemd;
#     elsewhere run "limittop --headless" under the init system's own supervisor.
#   - spelling-error-in-binary (informations, requiere, ...): strings inside the .NET runtime libraries and
#     Terminal.Gui compiled into the binary, not limittop's own text.
#   - systemd unit without maintainer scripts: the unit is shipped for the admin to enable (systemctl enable
#     --now limittop); it is not started on install, so no deb-systemd-helper postinst is needed.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi

repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)

# The one version: <Version> in Directory.Build.props.
version=$(sed -n 's:.*<Version>\([^<]*\)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -1)
if [ -z "$version" ]; then
  echo "build-deb: no <Version> in Directory.Build.props" >&2
  exit 1
fi
arch=amd64
deb="limittop_${version}_${arch}.deb"

work=$(mktemp -d "${TMPDIR:-/tmp}/limittop-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT

publish=${LIMITTOP_PUBLISH_DIR:-}
if [ -z "$publish" ]; then
  publish="$work/publish"
  dotnet publish -c Release "$repo/src/LimitTop/LimitTop.csproj" -o "$publish" \
    -nodeReuse:false -p:UseSharedCompilation=false -v q >"$work/publish.log" 2>&1 \
    || { cat "$work/publish.log" >&2; exit 1; }
fi
[ -x "$publish/limittop" ] || { echo "build-deb: no limittop in $publish" >&2; exit 1; }

root="$work/root"
doc="$root/usr/share/doc/limittop"
install -d -m 755 "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/man/man1" "$doc"
install -m 755 "$publish/limittop" "$root/usr/bin/limittop"

scdoc <"$repo/docs/limittop.1.scd" >"$work/limittop.1"
gzip -9n <"$work/limittop.1" >"$root/usr/share/man/man1/limittop.1.gz"
chmod 644 "$root/usr/share/man/man1/limittop.1.gz"

if [ -f "$repo/packaging/limittop.service" ]; then
  install -d -m 755 "$root/usr/lib/systemd/system"
  install -m 644 "$repo/packaging/limittop.service" "$root/usr/lib/systemd/system/limittop.service"
fi
if [ -f "$repo/packaging/limittop.rules.yml" ]; then
  install -m 644 "$repo/packaging/limittop.rules.yml" "$doc/limittop.rules.yml"
fi

# Dates from the last commit, so two builds of one commit give the same package.
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s)}
year=$(date -u -d "@$epoch" +%Y)
maintainer="LimitTop developers <limittop@users.noreply.github.com>"

cat >"$doc/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: limittop
Source: https://github.com/limittop/limittop

Files: *
Copyright: 2026-$year The LimitTop authors
License: Expat

License: Expat
$(sed -n '/^Permission is hereby granted/,$p' "$repo/LICENSE" | sed 's/^$/./; s/^/ /')
EOF
chmod 644 "$doc/copyright"

{
  echo "limittop ($version) unstable; urgency=medium"
  echo
  echo "  * Debian package: man page, settings file (limittop.conf), colour"
  echo "    schemes (default, monochrome, light), NO_COLOR and --no-color, --version."
  echo
  echo " -- $maintainer  $(date -u -R -d "@$epoch")"
} | gzip -9n >"$doc/changelog.gz"
chmod 644 "$doc/changelog.gz"

# Depends from the binary's DT_NEEDED, through the shlibs database (dpkg-shlibdeps wants a debian/control).
install -d "$work/src/debian"
printf 'Source: limittop\n\nPackage: limittop\nArchitecture: %s\n' "$arch" >"$work/src/debian/control"
depends=$(cd "$work/src" && dpkg-shlibdeps -O "$root/usr/bin/limittop" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "build-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

installed=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<EOF
Package: limittop
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed
Depends: $depends
Section: admin
Priority: optional
Homepage: https://github.com/limittop/limittop
Description: htop for the limits that make a Linux server unable to fork
 A full-screen dashboard of the task limits that make fork() fail with
 EAGAIN while CPU and memory are idle: RLIMIT_NPROC per real uid,
 kernel.threads-max, pid_max, pids cgroups (systemd TasksMax), the signal
 queue and file descriptors, with the process that spends each one, and
 TIME_WAIT sockets shown for the red herring they are.
 .
 It is one process that never forks, execs or starts a thread after
 start-up, so started early it keeps working when nothing else can start:
 kill the culprit, raise the limit, dump the evidence. Also a one-shot
 text or JSON report (--once).
EOF

(cd "$root" && find usr -type f -print0 | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

rm -f "$out"/limittop_*.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$out/$deb" >/dev/null
echo "$out/$deb"
