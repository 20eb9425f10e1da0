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

# Tests drive real processes (sh, sleep) and read kubectl's version; everything else is Swift.
deps:
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6.2+ is required (swift not on PATH)"; exit 1; }
	@command -v sh >/dev/null && command -v sleep >/dev/null

clean:
	rm -rf .build .bosun
