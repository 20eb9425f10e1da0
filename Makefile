# The two commands of the README. Both work on a fresh machine: they install what they need.
SWIFT ?= swift
BOSUN := .build/debug/bosun
MAIN_PLAN := plans/ecotrack/ecotrack.yaml

.PHONY: run test build deps clean

# Build, then show the dry run of the main example plan (what `bosun apply` would do on dev).
run: build
	$(BOSUN) validate $(MAIN_PLAN)
	$(BOSUN) plan $(MAIN_PLAN) --env dev

# Install test tools, build once, run every test suite.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

build: deps
	$(SWIFT) build --product bosun

# root installs directly; anyone else through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# libgit2 (git pinning) from Debian; tests also drive real git, sh and sleep.
deps:
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6.2+ is required (swift not on PATH)"; exit 1; }
	@if ! pkg-config --exists libgit2 2>/dev/null || ! command -v git >/dev/null; then \
		echo "installing libgit2-dev, pkg-config and git (apt-get)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libgit2-dev pkg-config git >/dev/null; \
	fi
	@command -v sh >/dev/null && command -v sleep >/dev/null

clean:
	rm -rf .build .bosun
