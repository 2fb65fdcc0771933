#!/usr/bin/env bash
# HTTP benchmark (a program, not a test): one hello-world fetch handler file (hello.mjs) served by
#   - hearth (`hearth run`, GraalJS interpreted: HEARTH_JIT=off, the JVM options of bin/hearth)
#   - hearth with Truffle compilation (HEARTH_JIT=graal: the Graal compiler from lib/jit over JVMCI)
#   - deno (`deno serve`, Deno from the npm package @deno/linux-x64-glibc)
#   - node (node-adapter.mjs: a minimal node:http adapter around the same file)
# all driven by wrk on loopback, one after the other; then a CPU-bound handler (compute.mjs) on
# hearth interpreted vs compiled. Prints requests/s, p50/p99 latency, RSS (now and peak) and the
# ratios against deno.
#
#   bench/http/run.sh            (make bench-http)
#
# Environment: HEARTH_DIST (default build/dist, made by `make build`), BENCH_CACHE (where deno
# is installed, default /var/cache/hearth-bench), DURATION (10s), WARMUP (10s), JIT_WARMUP (40s,
# for HEARTH_JIT=graal), CONNECTIONS (64), THREADS (wrk threads, 2).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
dist=${HEARTH_DIST:-$repo/build/dist}
cache=${BENCH_CACHE:-/var/cache/hearth-bench}
duration=${DURATION:-10s}
warmup=${WARMUP:-10s}
jit_warmup=${JIT_WARMUP:-40s}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}

die() { echo "bench: $*" >&2; exit 1; }

[ -x "$dist/bin/hearth" ] || die "no $dist/bin/hearth: run 'make build' first (or set HEARTH_DIST)"

# ---- tools -------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  echo "bench: installing wrk" >&2
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
command -v node >/dev/null || die "node is not installed"

deno=$cache/deno/node_modules/@deno/linux-x64-glibc/deno
if [ ! -x "$deno" ]; then
  echo "bench: installing deno (npm @deno/linux-x64-glibc) into $cache/deno" >&2
  mkdir -p "$cache/deno"
  npm install --silent --no-save --prefix "$cache/deno" @deno/linux-x64-glibc >/dev/null
  chmod +x "$deno"
fi

[ -d "$dist/lib/jit" ] || die "no $dist/lib/jit (the Graal compiler jars for HEARTH_JIT=graal): rebuild the distribution"

# ---- servers -------------------------------------------------------------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

server_pid=
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}
trap stop_server EXIT

# start_server KIND FILE PORT: starts it in the background, sets server_pid, waits for a 200.
start_server() {
  local kind=$1 file=$2 port=$3
  case $kind in
    hearth)
      # exec'd by bin/hearth: the pid is the JVM's
      "$dist/bin/hearth" run "$file" --port "$port" >/dev/null 2>"$log_dir/$kind.log" &
      ;;
    hearth-graal)
      HEARTH_JIT=graal "$dist/bin/hearth" run "$file" --port "$port" >/dev/null 2>"$log_dir/$kind.log" &
      ;;
    deno)
      DENO_DIR=$cache/deno/dir DENO_NO_UPDATE_CHECK=1 "$deno" serve --quiet --allow-net --port "$port" "$file" \
        >/dev/null 2>"$log_dir/$kind.log" &
      ;;
    node)
      node "$here/node-adapter.mjs" "$file" "$port" >/dev/null 2>"$log_dir/$kind.log" &
      ;;
  esac
  server_pid=$!
  local deadline=$((SECONDS + 120))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/"; do
    kill -0 "$server_pid" 2>/dev/null || die "$kind exited before serving: $(tail -5 "$log_dir/$kind.log")"
    [ $SECONDS -lt $deadline ] || die "$kind did not serve within 120 s"
    sleep 0.2
  done
}

# Latency as wrk prints it (123.45us, 1.23ms, 1.05s) in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
    else printf "?" }'
}

kb_to_mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

declare -A rps p50 p99 rss peak
# measure NAME KIND FILE CONNECTIONS: warm up, then one measured wrk run.
measure() {
  local name=$1 kind=$2 file=$3 conns=$4 port out
  port=$(free_port)
  start_server "$kind" "$file" "$port"
  # compiled code needs longer to warm up: the Graal compiler works through the hot paths first
  wrk -t"$threads" -c"$conns" -d"$([ "$kind" = hearth-graal ] && echo "$jit_warmup" || echo "$warmup")" "http://127.0.0.1:$port/" >/dev/null
  out=$(wrk -t"$threads" -c"$conns" -d"$duration" --latency "http://127.0.0.1:$port/")
  rps[$name]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
  p50[$name]=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99[$name]=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  rss[$name]=$(kb_to_mb "$(awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status")")
  peak[$name]=$(kb_to_mb "$(awk '/^VmHWM:/ { print $2 }' "/proc/$server_pid/status")")
  if grep -q "Non-2xx\|Socket errors" <<<"$out"; then
    echo "bench: $name: $(grep "Non-2xx\|Socket errors" <<<"$out")" >&2
  fi
  stop_server
  printf '  measured %-22s %8s req/s\n' "$name" "${rps[$name]}" >&2
}

row() {
  local name=$1 base=$2 ratio
  ratio=$(awk -v a="${rps[$name]}" -v b="${rps[$base]:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }')
  printf '%-24s %10s %9s %9s %9s %9s %9s\n' "$name" "${rps[$name]}" "${p50[$name]}" "${p99[$name]}" "${rss[$name]}" "${peak[$name]}" "$ratio"
}

header() {
  printf '%-24s %10s %9s %9s %9s %9s %9s\n' "$1" "req/s" "p50 ms" "p99 ms" "RSS MB" "peak MB" "$2"
}

log_dir=$(mktemp -d)
echo "bench: wrk -t$threads -c$connections, ${warmup} warm-up (graal: ${jit_warmup}) + ${duration} measured per server; $(nproc) CPUs; logs in $log_dir" >&2

measure "deno" deno "$here/hello.mjs" "$connections"
measure "node" node "$here/hello.mjs" "$connections"
measure "hearth (HEARTH_JIT=off)" hearth "$here/hello.mjs" "$connections"
measure "hearth (HEARTH_JIT=graal)" hearth-graal "$here/hello.mjs" "$connections"
measure "compute: off" hearth "$here/compute.mjs" 4
measure "compute: graal" hearth-graal "$here/compute.mjs" 4
measure "compute: deno" deno "$here/compute.mjs" 4

echo
echo "hello.mjs, $connections connections"
header "server" "vs deno"
for name in "deno" "node" "hearth (HEARTH_JIT=off)" "hearth (HEARTH_JIT=graal)"; do row "$name" deno; done
echo
echo "compute.mjs (primes below 20000 per request), 4 connections"
header "hearth" "vs deno"
for name in "compute: off" "compute: graal" "compute: deno"; do row "$name" "compute: deno"; done
rm -rf "$log_dir"
