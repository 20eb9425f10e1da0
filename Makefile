# The two commands of the README. Both work on a fresh machine: they install what they need.
SWIFT ?= swift
BOSUN := .build/debug/bosun
MAIN_PLAN := plans/ecotrack/ecotrack.yaml

.PHONY: run test build deps toolchain clean bench bench-tools

# Build, then show the dry run of the main example plan (what `bosun apply` would do on dev).
run: build
	$(BOSUN) validate $(MAIN_PLAN)
	$(BOSUN) plan $(MAIN_PLAN) --env dev

# Install test tools, build once, run every test suite.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

build: toolchain
	$(SWIFT) build --product bosun

# root installs directly; anyone else through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# What building needs: Swift, and libgit2 (git pinning) with pkg-config from Debian.
toolchain:
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6.2+ is required (swift not on PATH)"; exit 1; }
	@if ! pkg-config --exists libgit2 2>/dev/null || ! command -v git >/dev/null; then \
		echo "installing libgit2-dev, pkg-config and git (apt-get)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libgit2-dev pkg-config git >/dev/null; \
	fi

# The real CLIs the provider tests drive, in virtual environments under the user's cache folder,
# reused across runs (a no-op once installed; the first install takes about 1 + 3 minutes).
CACHE_DIR := $(if $(XDG_CACHE_HOME),$(XDG_CACHE_HOME),$(HOME)/.cache)/bosun
AWS_TOOLS := $(CACHE_DIR)/aws-tools
AZURE_CLI := $(CACHE_DIR)/azure-cli
PIP_QUIET := --quiet --disable-pip-version-check

# Tests drive real processes (sh, sleep, git, kubectl) and, for the providers, the real aws CLI
# against moto and the real az CLI, each against stand-ins on 127.0.0.1.
deps: toolchain
	@command -v sh >/dev/null && command -v sleep >/dev/null
	@command -v python3 >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3 python3-venv; }
	@command -v kubectl >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq kubernetes-client; }
	@test -f $(AWS_TOOLS)/.installed || { echo "installing moto and awscli into $(AWS_TOOLS)"; \
		python3 -m venv --clear $(AWS_TOOLS) && \
		$(AWS_TOOLS)/bin/pip install $(PIP_QUIET) 'moto[server]>=5,<6' 'awscli>=1.32,<2' && touch $(AWS_TOOLS)/.installed; }
	@test -f $(AZURE_CLI)/.installed || { echo "installing azure-cli into $(AZURE_CLI) (about 730 MB)"; \
		python3 -m venv --clear $(AZURE_CLI) && \
		$(AZURE_CLI)/bin/pip install $(PIP_QUIET) 'azure-cli>=2.60' && touch $(AZURE_CLI)/.installed; }

# Bosun against ninja and make, makespan, compile time (Benchmarks/README.md); writes
# Benchmarks/RESULTS.md. Not part of `make test`: it takes minutes and wants a quiet machine.
# A release build in its own scratch folder, so it never fights the debug build of `make test`.
BENCH_SCRATCH := .build-bench
BENCH_BOSUN := $(BENCH_SCRATCH)/release/bosun
BENCH_ARGS ?=
bench: toolchain bench-tools
	$(SWIFT) build -c release --product bosun --scratch-path $(BENCH_SCRATCH)
	python3 Benchmarks/generate.py deployment --steps 2000 --out $(BENCH_SCRATCH)/bench-check --check --bosun $(BENCH_BOSUN)
	python3 Benchmarks/run.py --bosun $(BENCH_BOSUN) $(BENCH_ARGS)

# The tools the benchmarks compare with or measure by, from Debian's packages.
bench-tools:
	@command -v python3 >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3; }
	@missing=""; \
	command -v ninja >/dev/null || missing="$$missing ninja-build"; \
	command -v hyperfine >/dev/null || missing="$$missing hyperfine"; \
	test -x /usr/bin/time || missing="$$missing time"; \
	command -v prlimit >/dev/null || missing="$$missing util-linux"; \
	command -v eatmydata >/dev/null || missing="$$missing eatmydata"; \
	if [ -n "$$missing" ]; then echo "installing$$missing (apt-get)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi

clean:
	rm -rf .build .bosun
