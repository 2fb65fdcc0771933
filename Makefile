# hearth: build, test, install and demo. Everything a fresh machine needs is installed by
# scripts/install-deps.sh (run by `test` and `demo`).
SHELL := /bin/bash
JAVA_HOME := $(shell scripts/java-home.sh)
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)
MVN := mvn -B -ntp
PREFIX ?= /usr/local
DIST := build/dist

.PHONY: all build test test-only unit-test integration-test install uninstall demo deps clean check-java

all: build

check-java:
	@test -n "$(JAVA_HOME)" || { echo "JDK 25 not found (see above)" >&2; exit 1; }

deps:
	scripts/install-deps.sh

# Compiles every module and lays out the runnable distribution in build/dist:
#   bin/containerd-shim-hearth-v2, bin/hearth (POSIX sh launchers), lib/*.jar
build: check-java
	$(MVN) -DskipTests install
	rm -rf $(DIST) && mkdir -p $(DIST)/bin $(DIST)/lib
	cp cli/target/lib/*.jar $(DIST)/lib/
	cp cli/target/cli-*.jar $(DIST)/lib/
	cp bin/* $(DIST)/bin/ && chmod +x $(DIST)/bin/*

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
