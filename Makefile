# hearth: build, test, install and demo. Everything a fresh machine needs is installed by
# scripts/install-deps.sh (run by `test` and `demo`).
SHELL := /bin/bash
JAVA_HOME := $(shell scripts/java-home.sh)
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)
MVN := mvn -B -ntp
PREFIX ?= /usr/local
DIST := build/dist

.PHONY: all build aot bench bench-http test test-only unit-test integration-test install uninstall demo deps clean check-java

all: build

check-java:
	@test -n "$(JAVA_HOME)" || { echo "JDK 25 not found (see above)" >&2; exit 1; }

deps:
	scripts/install-deps.sh

# Compiles every module and lays out the runnable distribution in build/dist:
#   bin/containerd-shim-hearth-v2, bin/hearth (POSIX sh launchers), bin/hearth-aot-cache, lib/*.jar,
#   lib/jit/*.jar (the Graal compiler for HEARTH_JIT=graal, on no class path),
#   lib/hearth-worker.aot (+ .stamp): the workers' runtime snapshot, from a training run (a few s),
#   lib/hearth-daemon.aot: the shim daemon's AOT cache (its start and three containers, ~10 s)
build: check-java
	$(MVN) -DskipTests install
	rm -rf $(DIST) && mkdir -p $(DIST)/bin $(DIST)/lib
	cp cli/target/lib/*.jar $(DIST)/lib/
	cp cli/target/cli-*.jar $(DIST)/lib/
	mkdir -p $(DIST)/lib/jit && cp launcher/target/jit/*.jar $(DIST)/lib/jit/
	cp bin/* $(DIST)/bin/ && cp scripts/aot-cache.sh $(DIST)/bin/hearth-aot-cache && chmod +x $(DIST)/bin/*
	$(DIST)/bin/hearth-aot-cache $(DIST)/lib

# Rebuilds the worker AOT cache of build/dist (after a JDK update, or when the daemon logs it is stale).
aot: check-java
	$(DIST)/bin/hearth-aot-cache $(DIST)/lib

# Start latency, ctr run end to end against runc (node, busybox), memory per idle instance, throughput.
# Needs root (private containerd, cgroups); prints tables, takes a few minutes. Not a test.
bench: build
	$(MVN) -q -pl integration test-compile dependency:build-classpath \
	  -Dmdep.includeScope=test -Dmdep.outputFile=$(CURDIR)/build/bench.classpath
	java -Xmx1g -cp "integration/target/test-classes:$(DIST)/lib/*:$$(cat build/bench.classpath)" \
	  -Dhearth.dist=$(CURDIR)/$(DIST) -Dhearth.examples=$(CURDIR)/examples dev.hearth.bench.Bench

# The whole suite: unit tests of every module, then integration tests against a real containerd.
# A sub-make after deps: on a fresh machine deps may install the JDK this Makefile looks for.
test: deps
	$(MAKE) build
	$(MAKE) test-only

test-only: check-java
	$(MVN) test -Dhearth.dist=$(CURDIR)/$(DIST)

unit-test: check-java
	$(MVN) test -pl '!integration'

install: build
	rm -rf $(PREFIX)/lib/hearth && mkdir -p $(PREFIX)/lib/hearth $(PREFIX)/bin
	cp -r $(DIST)/bin $(DIST)/lib $(PREFIX)/lib/hearth/
	$(PREFIX)/lib/hearth/bin/hearth-aot-cache   # the cache names its class path: train it where it is installed
	ln -sf $(PREFIX)/lib/hearth/bin/containerd-shim-hearth-v2 $(PREFIX)/bin/containerd-shim-hearth-v2
	ln -sf $(PREFIX)/lib/hearth/bin/hearth $(PREFIX)/bin/hearth

uninstall:
	rm -rf $(PREFIX)/lib/hearth $(PREFIX)/bin/containerd-shim-hearth-v2 $(PREFIX)/bin/hearth

# Runs examples/hello through containerd and hearth, starting a private containerd if needed.
demo: deps
	$(MAKE) build
	scripts/demo.sh

clean:
	$(MVN) -q clean
	rm -rf build

# Requests/s, latency and memory of a hello and a compute handler: hearth (JIT off and graal)
# against deno serve and node on the same machine, driven by wrk. Prints tables. Not a test.
bench-http: build
	bench/http/run.sh
