#!/usr/bin/env bash
# The hostile trial of issue 12, repeatable: bad plans, bad options, faults during runs, secrets
# and the sandbox's API, each tried against the built `bosun`; prints the closing table.
#   bash Tests/HostilePlans/trial.sh [path/to/bosun]
# A case is a crash when bosun dies of a signal (exit >= 128 without being sent one) or prints a
# Swift runtime error; a leak when a secret shows in any output or file of the state folder; a
# journal loss when a step ran (its marker file exists) and the journal does not say so, or a
# resume runs a finished step again.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BOSUN=${1:-$ROOT/.build/debug/bosun}
WORK=$(mktemp -d /tmp/bosun-trial-XXXXXX)
trap 'bosun_stop; rm -rf "$WORK"' EXIT
tried=0 clean=0 crashes=0 leaks=0 losses=0
SECRET='trial-s3cret-7f3a9'

bosun_stop() { "$BOSUN" sandbox stop --state-dir "$WORK/sandbox-state" >/dev/null 2>&1 || true; }

# record NAME STATUS OUTPUT_FILE: a clean outcome is an exit below 128 with no runtime error.
record() {
    tried=$((tried + 1))
    if [ "$2" -ge 128 ] || grep -qE 'Fatal error|Stack dump|Segmentation fault|Illegal instruction' "$3"; then
        crashes=$((crashes + 1)); echo "CRASH  $1 (exit $2)"; sed -n 1,5p "$3"
    else
        clean=$((clean + 1))
    fi
    if grep -q "$SECRET" "$3" || grep -rqs "$SECRET" "$PROJECT/.bosun" 2>/dev/null; then
        leaks=$((leaks + 1)); echo "LEAK   $1"
    fi
}

new_project() {
    # No providers/ folder: the built-in profiles serve, as in a user's new folder.
    PROJECT=$WORK/p$tried; mkdir -p "$PROJECT"
    printf 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n' > "$PROJECT/kube.yaml"
}

try() { # try NAME ARGS… (in $PROJECT)
    local name=$1; shift
    (cd "$PROJECT" && timeout 60 "$BOSUN" "$@" >"$WORK/out" 2>&1); record "$name" $? "$WORK/out"
}

header='plan: trial
vars:
  token: { value: "'$SECRET'", secret: true }
environments:
  local: { provider: kubectl, kubeconfig: kube.yaml }
phases:
  - name: work
    steps:'

# 1. Plans: the corpus, and generated ones too big for a repository.
new_project
cp "$ROOT"/Tests/HostilePlans/*.yaml "$PROJECT/"
{ echo "plan: deep"; echo "vars:"; echo "  v0: x"; for i in $(seq 1 3000); do echo "  v$i: \"\${v$((i - 1))}\""; done
  echo "environments: { local: { provider: kubectl, kubeconfig: kube.yaml } }"
  echo "phases: [ { name: a, steps: [ { id: s, run: [echo, \"\${v3000}\"] } ] } ]"; } > "$PROJECT/deep-chain.yaml"
{ echo "plan: doubling"; echo "vars:"; echo "  d0: xxxxxxxxxxxxxxxx"; for i in $(seq 1 30); do echo "  d$i: \"\${d$((i - 1))}\${d$((i - 1))}\""; done
  echo "environments: { local: { provider: kubectl, kubeconfig: kube.yaml } }"
  echo "phases: [ { name: a, steps: [ { id: s, run: [echo, \"\${d30}\"] } ] } ]"; } > "$PROJECT/doubling.yaml"
for value in 9223372036854775807 1e26 1e308 -1 nan 1e20s; do
    printf '%s\n      - { id: s, run: [sleep, "0"], timeout: %s }\n' "$header" "$value" > "$PROJECT/timeout-$value.yaml"
    printf '%s\n      - { id: c, check: { http: "http://127.0.0.1:1/", interval: %s } }\n' "$header" "$value" > "$PROJECT/interval-$value.yaml"
done
mkdir -p "$PROJECT/manifests"; ln -sf /etc/passwd "$PROJECT/manifests/x.yaml"
printf '%s\n      - { id: m, apply: manifests }\n' "$header" > "$PROJECT/symlink-escape.yaml"
for plan in "$PROJECT"/*.yaml; do
    [ "$(basename "$plan")" = kube.yaml ] && continue
    try "validate $(basename "$plan")" validate "$(basename "$plan")"
    try "plan $(basename "$plan")" plan "$(basename "$plan")" --env local
done

# 2. Options: bad values must be refused, never crash.
new_project
printf '%s\n      - { id: s, run: [touch, ran] }\n' "$header" > "$PROJECT/plan.yaml"
while read -r args; do
    # shellcheck disable=SC2086
    try "apply $args" apply plan.yaml $args
done <<'EOF'
--env local --grace-period 1e20
--env local --grace-period nan
--env local --concurrency 0
--env local --concurrency 9223372036854775807
--env local --set nope=1
--env local --set token
--env local --target missing
--env local --resume nonexistent
--env nowhere
--env local --format yaml
--env local --state-dir /dev/null
EOF

# 3. Faults during runs.
new_project
printf '%s\n      - { id: loud, run: [sh, -c, "seq 1 20000"] }\n      - { id: after, needs: [loud], run: [touch, after.ran] }\n' "$header" > "$PROJECT/plan.yaml"
(cd "$PROJECT" && sh -c 'ulimit -f 48; exec "$0" apply plan.yaml --env local' "$BOSUN" >"$WORK/out" 2>&1); status=$?
record "apply with a full journal disk" $status "$WORK/out"
if [ $status -eq 0 ] || [ -f "$PROJECT/after.ran" ]; then losses=$((losses + 1)); echo "LOSS   a step started after the journal failed"; fi

new_project
{ echo "$header" | sed 's/    steps:/    parallel: true\n    steps:/'; for i in $(seq 1 300); do echo "      - { id: s$i, run: [sh, -c, \"touch ran-$i; echo out; sleep 0.2\"] }"; done; } > "$PROJECT/plan.yaml"
(cd "$PROJECT" && sh -c 'ulimit -n 256; exec "$0" apply plan.yaml --env local --concurrency 500' "$BOSUN" >"$WORK/out" 2>&1)
record "apply with file descriptors exhausted" $? "$WORK/out"
(cd "$PROJECT" && "$BOSUN" show last --json > "$WORK/show.json" 2>&1)
missing=$(cd "$PROJECT" && for f in ran-*; do [ -e "$f" ] || continue; id=s${f#ran-}
    python3 -c "import json,sys; d=json.load(open('$WORK/show.json')); s={x['id']:x['state'] for x in d['steps']}; sys.exit(0 if s.get('$id') not in (None,'skipped','running') and d['run']['outcome']!='running' else 1)" || echo "$id"; done | wc -l)
if [ "$missing" -ne 0 ]; then losses=$((losses + 1)); echo "LOSS   $missing steps ran unjournaled"; fi

new_project
printf '%s\n      - { id: one, run: [sh, -c, "echo one >> ran.log"] }\n      - { id: two, idempotent: true, needs: [one], run: [sh, -c, "echo two >> ran.log; [ -f two.done ] || { touch two.done; exec sleep 30; }"] }\n      - { id: three, needs: [two], run: [sh, -c, "echo three >> ran.log"] }\n' "$header" > "$PROJECT/plan.yaml"
(cd "$PROJECT" && exec "$BOSUN" apply plan.yaml --env local >/dev/null 2>&1) & pid=$!
while [ ! -f "$PROJECT/two.done" ]; do sleep 0.05; done; sleep 0.2; kill -9 $pid; wait $pid 2>/dev/null
killed=$(ls "$PROJECT/.bosun/runs" | head -1)
try "resume while the killed run's child lives" apply plan.yaml --env local --resume "$killed"
pkill -9 -f "sleep 30" ; sleep 0.3
try "resume after the child ended" apply plan.yaml --env local --resume "$killed"
try "resume the same run again" apply plan.yaml --env local --resume "$killed"
if [ "$(tr '\n' ' ' < "$PROJECT/ran.log")" != "one two two three " ]; then losses=$((losses + 1)); echo "LOSS   ran: $(cat "$PROJECT/ran.log")"; fi
printf '{"event":"stepFinished","step":"caf\xc3' >> "$PROJECT/.bosun/runs/$killed/events.jsonl"
try "show a torn journal" show "$killed"
grep -qE 'one +ok' "$WORK/out" || { losses=$((losses + 1)); echo "LOSS   torn journal lost its steps"; }

new_project
printf '%s\n      - { id: chatty, run: [seq, 1, 50000] }\n      - { id: later, needs: [chatty], run: [touch, later.done] }\n' "$header" > "$PROJECT/plan.yaml"
(cd "$PROJECT" && "$BOSUN" apply plan.yaml --env local 2>"$WORK/out" | head -1 >/dev/null; exit "${PIPESTATUS[0]}"); record "apply | head -1" $? "$WORK/out"
[ -f "$PROJECT/later.done" ] || { losses=$((losses + 1)); echo "LOSS   a closed stdout stopped the run"; }

# 4. Secrets wherever a plan can put them.
new_project
mkdir -p "$PROJECT/k8s"; printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n' > "$PROJECT/k8s/c.yaml"
{ echo "$header"; cat <<'EOF'
      - { id: prog, run: ["./bin-${token}/tool"] }
      - { id: path, apply: "k8s/${token}.yaml" }
      - { id: url, check: { http: "http://${token}:99999/" } }
      - { id: long, run: [sh, -c, "printf %16380s | tr ' ' x; echo \"$0\"", "${token}"] }
EOF
} > "$PROJECT/plan.yaml"
for command in "validate plan.yaml" "plan plan.yaml --env local" "plan plan.yaml --env local --format json" "doctor plan.yaml --env local" "apply plan.yaml --env local"; do
    # shellcheck disable=SC2086
    try "secret: $command" $command
done
try "secret: --set in the invocation" apply plan.yaml --env local --set "token=$SECRET-2" --target long
try "secret: show" show last --logs

# 5. The sandbox's API with values a real API server refuses with 422.
"$BOSUN" sandbox start --ready-delay 0.1 --state-dir "$WORK/sandbox-state" >/dev/null 2>&1
kube="--kubeconfig $WORK/sandbox-state/sandbox/kubeconfig"
for replicas in 9223372036854775808 1e300 -1; do
    printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d, namespace: default }\nspec:\n  replicas: %s\n  selector: { matchLabels: { app: d } }\n  template: { metadata: { labels: { app: d } }, spec: { containers: [ { name: c, image: nginx } ] } }\n' "$replicas" > "$WORK/d.yaml"
    # shellcheck disable=SC2086
    kubectl $kube apply -f "$WORK/d.yaml" >/dev/null 2>&1
    # shellcheck disable=SC2086
    kubectl $kube get namespaces >"$WORK/out" 2>&1; record "sandbox: replicas $replicas" $(( $? == 0 ? 0 : 200 )) "$WORK/out"
done

echo
echo "| cases tried | clean errors or safe runs | crashes | secret leaks | journal losses |"
echo "|---|---|---|---|---|"
echo "| $tried | $clean | $crashes | $leaks | $losses |"
[ $crashes -eq 0 ] && [ $leaks -eq 0 ] && [ $losses -eq 0 ]
