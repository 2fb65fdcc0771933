# Sourced by the launchers: finds a JDK 25 (HEARTH_JAVA) without starting a JVM.
# HEARTH_JAVA_HOME wins, then JAVA_HOME when it is 25, then the usual install places.
hearth_is25() { [ -x "$1/bin/java" ] && [ -f "$1/release" ] && grep -q '^JAVA_VERSION="25' "$1/release"; }
HEARTH_JAVA=
for c in "${HEARTH_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64; do
  if [ -n "$c" ] && hearth_is25 "$c"; then HEARTH_JAVA="$c/bin/java"; break; fi
done
if [ -z "$HEARTH_JAVA" ]; then
  echo "hearth: no JDK 25 found (set HEARTH_JAVA_HOME)" >&2
  exit 1
fi
HEARTH_JAVA_OPTS="${HEARTH_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto}"
# The shim daemon's JVM. CompileThresholdScaling: a daemon serves a Create now and then, so at
# the default thresholds its Create path stayed interpreted for hundreds of containers (Create
# 12.6-15.4 ms -> 9.6-10.2 ms median in two loaded `make bench` e2e runs, no change in a quiet
# one; it costs the daemon ~6 MB PSS). The daemon's AOT cache (lib/hearth-daemon.aot, made by
# hearth-aot-cache) is trained with these options; a daemon started with others finds it refused.
HEARTH_DAEMON_JAVA_OPTS="${HEARTH_DAEMON_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx256m -XX:CompileThresholdScaling=0.05}"
HEARTH_DAEMON_MAIN="--enable-native-access=ALL-UNNAMED -Dpolyglot.engine.WarnInterpreterOnly=false dev.hearth.shim.ShimDaemon"
