#!/bin/sh
# Builds the worker AOT cache (the runtime snapshot workers start from) for an installation of
# hearth: lib/hearth-worker.aot and its stamp; then the shim daemon's, lib/hearth-daemon.aot.
# Installed as bin/hearth-aot-cache; `make aot` runs it on build/dist. Run it again whenever the
# daemon logs that the cache is missing or stale.
#
#   hearth-aot-cache [LIB_DIR]      LIB_DIR defaults to the lib/ next to this script's bin/
#
# The training run uses the same class path (LIB_DIR/*) and extra worker options
# (HEARTH_WORKER_JAVA_OPTS) as the daemon's workers, or the daemon would find the cache stale.
set -eu
self=$(readlink -f "$0")
here=$(dirname "$self")
if [ $# -ge 1 ]; then
  lib=$(readlink -f "$1")
elif [ -d "$here/../lib" ]; then
  lib=$(readlink -f "$here/../lib")
else
  lib=$(readlink -f "$here/../build/dist/lib")
fi
[ -d "$lib" ] || { echo "hearth-aot-cache: no lib directory at $lib" >&2; exit 1; }
env_sh="$here/hearth-env.sh"
[ -f "$env_sh" ] || env_sh="$here/../bin/hearth-env.sh"
. "$env_sh"
# shellcheck disable=SC2086 # HEARTH_WORKER_JAVA_OPTS is a list of options
"$HEARTH_JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$lib/*" \
  dev.hearth.launcher.aot.AotCacheBuilder "$lib" ${HEARTH_WORKER_JAVA_OPTS:-}

# The shim daemon's cache (lib/hearth-daemon.aot): a daemon started as the sh launcher starts it
# (same options and class path), in a throwaway state directory and namespace, and trained by
# dev.hearth.shim.DaemonTraining, which plays containerd: it serves the event service the daemon
# publishes to and runs three containers through the daemon (a claim of the pool's first worker,
# a warm claim, a container killed). Then the daemon's SIGTERM stop is a normal JVM exit, which
# writes the cache. A daemon reaches its first worker's fork ~70 ms sooner with it, and a
# namespace's first container runs the daemon's part of its life from the cache.
# Not fatal: without the cache a daemon only starts slower; without root (cgroups, the rootfs
# mount) the containers fail and the cache holds the daemon's boot only.
daemon_cache="$lib/hearth-daemon.aot"
work=$(mktemp -d "${TMPDIR:-/tmp}/hearth-daemon-aot.XXXXXX")
training_ns=hearth-aot-training
rm -f "$daemon_cache" "$daemon_cache.partial"
# A pool of one: the training claims its first worker, then a refilled one.
# shellcheck disable=SC2086 # option lists
HEARTH_POOL_SIZE=1 "$HEARTH_JAVA" $HEARTH_DAEMON_JAVA_OPTS -XX:AOTCacheOutput="$daemon_cache.partial" -Xlog:aot=error -Xlog:cds=error \
  -cp "$lib/*" $HEARTH_DAEMON_MAIN --socket "$work/shim.sock" --state-dir "$work" \
  --namespace "$training_ns" --ttrpc-address "$work/events.ttrpc" </dev/null >"$work/log" 2>&1 &
daemon=$!
"$HEARTH_JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED -cp "$lib/*" dev.hearth.shim.DaemonTraining \
  "$work" "$work/events.ttrpc" "$training_ns" || tail -n 20 "$work/log" >&2
kill -TERM "$daemon" 2>/dev/null
wait "$daemon" || true
# What a failed training may have left: rootfs mounts under $work, the namespace's cgroups.
grep -o " $work/[^ ]*" /proc/self/mountinfo 2>/dev/null | while read -r m; do umount -l "$m" 2>/dev/null || true; done
for d in /sys/fs/cgroup/*/"$training_ns" /sys/fs/cgroup/"$training_ns"; do
  if [ -d "$d" ]; then rmdir "$d"/* "$d" 2>/dev/null || true; fi
done
if [ -f "$daemon_cache.partial" ]; then
  mv "$daemon_cache.partial" "$daemon_cache"
  echo "daemon AOT cache written: $daemon_cache ($(( $(wc -c < "$daemon_cache") / 1048576 )) MiB)"
else
  echo "hearth-aot-cache: the daemon's training wrote no cache (daemons start without one); its log:" >&2
  tail -n 20 "$work/log" >&2
fi
rm -rf "$work"
