#!/bin/sh
# Builds the worker AOT cache (the runtime snapshot workers start from) for an installation of
# hearth: lib/hearth-worker.aot and its stamp. Installed as bin/hearth-aot-cache; `make aot` runs
# it on build/dist. Run it again whenever the daemon logs that the cache is missing or stale.
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
exec "$HEARTH_JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$lib/*" \
  dev.hearth.launcher.aot.AotCacheBuilder "$lib" ${HEARTH_WORKER_JAVA_OPTS:-}
