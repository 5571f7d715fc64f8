#!/usr/bin/env bash
# The .deb as an admin meets it (run as root; .ci/run calls it): build it, lintian (no errors, no warnings),
# dpkg -i, run the installed /usr/bin/limittop (--version, --once), man -w limittop, dpkg --purge, and check
# nothing of the package is left. LIMITTOP_PUBLISH_DIR=DIR reuses an existing NativeAOT publish.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

if [ "$(id -u)" -ne 0 ]; then
  echo "ci-deb-check: needs root (dpkg -i)" >&2
  exit 2
fi
if dpkg-query -W -f='${Status}' limittop 2>/dev/null | grep -q 'install ok installed'; then
  echo "ci-deb-check: limittop is already installed here; not touching it" >&2
  exit 2
fi

out=$(mktemp -d "${TMPDIR:-/tmp}/limittop-deb-check.XXXXXX")
installed=0
cleanup() {
  if [ "$installed" = 1 ]; then dpkg --purge limittop >/dev/null 2>&1 || true; fi
  rm -rf "$out"
}
trap cleanup EXIT

fail() { echo "ci-deb-check: FAIL: $*" >&2; exit 1; }

deb=$("$repo/packaging/build-deb.sh" "$out")
[ "$(find "$out" -maxdepth 1 -name '*.deb' | wc -l)" = 1 ] || fail "build-deb.sh left more than one .deb"
version=$(dpkg-deb -f "$deb" Version)
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes, Depends: $(dpkg-deb -f "$deb" Depends)"

# lintian: E: and W: fail; I: and X: are printed (build-deb.sh's comments say why each stays).
lintian -I --pedantic "$deb" 2>&1 | grep -v 'running with root privileges' | tee "$out/lintian.txt" || true
if grep -qE '^[EW]: ' "$out/lintian.txt"; then
  fail "lintian reports errors or warnings"
fi

# (slim Debian images exclude /usr/share/man in dpkg.cfg.d; the include keeps our page for the man -w check)
dpkg --path-include=/usr/share/man/man1/limittop.1.gz -i "$deb" >/dev/null
installed=1
[ -x /usr/bin/limittop ] || fail "/usr/bin/limittop not installed"
got=$(/usr/bin/limittop --version)
[ "$got" = "$version" ] || fail "limittop --version printed '$got', the package is $version"
/usr/bin/limittop --once >"$out/once.txt" || fail "limittop --once exited $?"
grep -q '^System' "$out/once.txt" || fail "limittop --once printed no System section"
page=$(man -w limittop) || fail "man -w limittop found no page"
[ "$page" = /usr/share/man/man1/limittop.1.gz ] || fail "man -w limittop: $page"
man limittop 2>/dev/null | grep -q 'EXIT STATUS' || fail "man limittop does not render"
echo "installed: limittop $got, --once ok, man page $page"

dpkg --purge limittop >/dev/null
installed=0
if dpkg -L limittop >/dev/null 2>&1; then
  fail "dpkg -L limittop still lists files after purge"
fi
for f in /usr/bin/limittop /usr/share/man/man1/limittop.1.gz /usr/share/doc/limittop /usr/lib/systemd/system/limittop.service; do
  [ ! -e "$f" ] || fail "$f left after dpkg --purge"
done
echo "ci-deb-check: ok (built, lintian clean, installed, ran, purged without a trace)"
