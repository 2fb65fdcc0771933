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
# (same options and class path), in a throwaway state directory, until it listens and its pool's
# first worker has booted (a fixed wait); its SIGTERM stop is a normal JVM exit, which writes the
# cache. A daemon reaches its first worker's fork ~70 ms sooner with it (150-200 vs 210-245 ms
# after exec).
# Not fatal: without the cache a daemon only starts slower.
daemon_cache="$lib/hearth-daemon.aot"
work=$(mktemp -d "${TMPDIR:-/tmp}/hearth-daemon-aot.XXXXXX")
rm -f "$daemon_cache" "$daemon_cache.partial"
# A pool of one: no second worker is still booting (in a slot cgroup it could not remove) when it stops.
# shellcheck disable=SC2086 # option lists
HEARTH_POOL_SIZE=1 "$HEARTH_JAVA" $HEARTH_DAEMON_JAVA_OPTS -XX:AOTCacheOutput="$daemon_cache.partial" -Xlog:aot=error -Xlog:cds=error \
  -cp "$lib/*" $HEARTH_DAEMON_MAIN --socket "$work/shim.sock" --state-dir "$work" \
  --namespace hearth-aot-training --ttrpc-address "$work/no-containerd.ttrpc" </dev/null >"$work/log" 2>&1 &
daemon=$!
i=0
while [ ! -f "$work/daemon.pid" ] && kill -0 "$daemon" 2>/dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
sleep 3 # its pool's first worker boots (~0.7 s from the worker cache) and says hello
kill -TERM "$daemon" 2>/dev/null
wait "$daemon" || true
if [ -f "$daemon_cache.partial" ]; then
  mv "$daemon_cache.partial" "$daemon_cache"
  echo "daemon AOT cache written: $daemon_cache ($(( $(wc -c < "$daemon_cache") / 1048576 )) MiB)"
else
  echo "hearth-aot-cache: the daemon's training wrote no cache (daemons start without one); its log:" >&2
  tail -n 20 "$work/log" >&2
fi
rm -rf "$work"
