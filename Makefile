# Switchboard: `make demo` to see it work, `make test` to prove it.
SWIFT ?= swift
RELEASE_FLAGS = -c release

.PHONY: all build release demo test deps unit-tests contract-tests bench fuzz clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS)

demo: release
	$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/switchboard demo

test: deps
	$(SWIFT) build --build-tests
	@scripts/run-tests.sh

bench: release
	@bench/run.sh

fuzz:
	@scripts/fuzz.sh

clean:
	rm -rf .build .build-*
