#!/bin/bash
# `make demo`: builds examples/hello into an OCI image with `hearth build`, imports it into containerd
# and runs it with the hearth runtime, so the function's console output appears on this terminal.
#
# Environment:
#   CONTAINERD_ADDRESS    use this running containerd (its shim PATH must find containerd-shim-hearth-v2,
#                         e.g. after `make install`); when unset, a private containerd is started under a
#                         temp directory and stopped at the end
#   CONTAINERD_BIN        the containerd binary for the private one (default /usr/bin/containerd; e.g. the
#                         2.x build at /var/cache/hearth/containerd-v2.4.2/bin/containerd)
#   CONTAINERD_NAMESPACE  namespace to work in (default hearth-demo)
#   HEARTH_DIST           the built distribution (default build/dist, made by `make build`)
#
# Everything it starts or creates (containerd, shim daemon, workers, mounts, cgroups, image, temp files)
# is removed on exit, also after an error or Ctrl-C.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dist=${HEARTH_DIST:-$root/build/dist}
image=docker.io/library/hello:latest
id=hello-demo
namespace=${CONTAINERD_NAMESPACE:-hearth-demo}
containerd_bin=${CONTAINERD_BIN:-/usr/bin/containerd}

say() { echo "demo: $*" >&2; }
die() { echo "demo: ERROR: $*" >&2; exit 1; }

[ -x "$dist/bin/hearth" ] && [ -x "$dist/bin/containerd-shim-hearth-v2" ] ||
  die "$dist has no bin/hearth and bin/containerd-shim-hearth-v2: run 'make build' first (or 'make demo')"

work=$(mktemp -d /tmp/hearth-demo.XXXXXX)
containerd_pid=
imported=no

# Processes this demo caused that outlive containerd: the shim daemon and its workers carry
# HEARTH_RUN_DIR=$work/... in their environment.
demo_pids() {
  grep -lsF "$work/" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3 | grep -vx "$$" || true
}

cleanup() {
  local status=$?
  set +e
  if [ -n "${ctr_bin:-}" ]; then # a container left by an interrupted run (ctr run --rm removes it otherwise)
    ctr_ task kill -s SIGKILL "$id" >/dev/null 2>&1
    ctr_ task delete "$id" >/dev/null 2>&1
    ctr_ container delete "$id" >/dev/null 2>&1
  fi
  if [ "$imported" = yes ]; then
    ctr_ image rm "$image" >/dev/null 2>&1
  fi
  if [ -n "$containerd_pid" ]; then
    kill -TERM "$containerd_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$containerd_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$containerd_pid" 2>/dev/null
    wait "$containerd_pid" 2>/dev/null
    # The shim daemon exits by itself HEARTH_IDLE_SECONDS after its last task; do not wait longer.
    for _ in $(seq 30); do [ -z "$(demo_pids)" ] && break; sleep 0.1; done
    for pid in $(demo_pids); do kill -KILL "$pid" 2>/dev/null; done
    # Mounts below the private containerd's state (rootfs of a container that did not finish).
    findmnt -rn -o TARGET | grep -F "$work/" | sort -r | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m"; done
    # The namespace's cgroups, deepest first (empty by now; rmdir refuses otherwise).
    for hierarchy in /sys/fs/cgroup /sys/fs/cgroup/*; do
      [ -d "$hierarchy/$namespace" ] && find "$hierarchy/$namespace" -depth -type d -exec rmdir {} + 2>/dev/null
    done
  fi
  if findmnt -rn -o TARGET | grep -qF "$work/"; then
    say "something is still mounted below $work; leaving it in place"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -n "${CONTAINERD_ADDRESS:-}" ]; then
  address=$CONTAINERD_ADDRESS
  ctr_bin=$(command -v ctr) || die "no ctr on PATH to talk to $address"
  say "using the containerd at $address (namespace $namespace)"
else
  [ -x "$containerd_bin" ] || die "no containerd at $containerd_bin: run 'scripts/install-deps.sh' (make demo does) or set CONTAINERD_BIN"
  ctr_bin=$(dirname "$containerd_bin")/ctr
  [ -x "$ctr_bin" ] || ctr_bin=/usr/bin/ctr
  version=$("$containerd_bin" --version | grep -Eo ' v?[0-9]+\.[0-9]+\.[0-9]+' | head -1 | tr -d ' v')
  address=$work/containerd.sock
  # Config schema 2 for containerd 1.x, 3 for 2.x; CRI and NRI off: the demo needs neither, and
  # NRI's socket is machine-wide.
  schema=2; [ "${version%%.*}" -ge 2 ] && schema=3
  cat >"$work/config.toml" <<EOF
version = $schema
root = "$work/root"
state = "$work/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.cri.v1.runtime", "io.containerd.cri.v1.images", "io.containerd.podsandbox.controller.v1.podsandbox", "io.containerd.nri.v1.nri"]

[grpc]
  address = "$address"
[ttrpc]
  address = "$address.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$work/opt"
EOF
  mkdir -p "$work/hearth-run"
  # containerd finds the shim through PATH; the shim keeps its sockets and state in HEARTH_RUN_DIR.
  PATH="$dist/bin:$PATH" HEARTH_RUN_DIR="$work/hearth-run" HEARTH_IDLE_SECONDS=2 \
    "$containerd_bin" --config "$work/config.toml" </dev/null >"$work/containerd.log" 2>&1 &
  containerd_pid=$!
  for _ in $(seq 200); do
    "$ctr_bin" -a "$address" version >/dev/null 2>&1 && break
    kill -0 "$containerd_pid" 2>/dev/null || { tail -20 "$work/containerd.log" >&2; die "containerd exited while starting"; }
    sleep 0.1
  done
  "$ctr_bin" -a "$address" version >/dev/null 2>&1 || { tail -20 "$work/containerd.log" >&2; die "containerd did not answer within 20 s"; }
  say "started a private containerd $version in $work"
fi

ctr_() { "$ctr_bin" -a "$address" -n "$namespace" "$@"; }

say "building $image from examples/hello"
"$dist/bin/hearth" build "$root/examples/hello" -t "$image" -o "$work/hello.tar" >&2
say "importing it into containerd"
ctr_ image import "$work/hello.tar" >&2
imported=yes
say "running: ctr run --rm --runtime io.containerd.hearth.v2 $image $id"
set +e
ctr_ run --rm --fifo-dir "$work/fifo" --runtime io.containerd.hearth.v2 "$image" "$id"
status=$?
set -e
say "the function exited with status $status"
exit "$status"
