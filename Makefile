# Visor: two commands on a fresh machine —  make demo  and  make test.
SHELL := /bin/bash
MVN ?= mvn -B
OUT ?= demo-out

.PHONY: setup build test test-slow demo bench clean

## setup: install the system packages Visor's tests and demo read (ONNX conformance data, Fashion-MNIST).
setup:
	@bash scripts/setup.sh

## build: compile and package the library and CLI (tests skipped).
build:
	$(MVN) package -DskipTests

## test: setup, then every fast test (Surefire prints "Tests run:" lines).
test: setup
	$(MVN) verify

## test-slow: also the long end-to-end checks (retraining, full render suites).
test-slow: setup
	$(MVN) verify -Pslow

## demo: the main job on the built-in default model and data; writes a browsable report to $(OUT)/index.html
##       and the gallery of its runs to $(OUT)/gallery/index.html.
demo: setup build
	./visor demo --out $(OUT)

## bench: the benchmark tables recorded in BENCHMARKS.md.
bench: setup build
	bash scripts/bench.sh

clean:
	$(MVN) -q clean
