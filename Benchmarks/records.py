#!/usr/bin/env python3
"""The cluster's run records at scale (issue 16): `bosun history` with 500 records in the
environment's cluster (goal: under a second), and the size of the record of a 10,000-step run
(goal: well under the 1 MiB object limit). Writes Benchmarks/RECORDS.md.

Set-up (not timed): a git repository in a temporary folder with a plan on a kubectl provider, a
sandbox (the simulated API server: no cluster runs here), one real `bosun apply` whose record is
then copied under 500 other run ids with kubectl (what 500 runs would leave, without 500 runs).

Timed, in interleaved rounds: `bosun history PLAN --env dev --json` (connect, one listing, the
merge with the journal), beside the bare `kubectl get configmaps -l … -o json` of the same
records, so the share that is Bosun's own shows.

  records.py [--bosun .build-bench/release/bosun] [--rounds 7] [--out Benchmarks/RECORDS.md] [--keep]
"""
import argparse
import datetime
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from dagkit import machine

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
RECORDS = 500
BIG_STEPS = 10_000

MANIFEST = """apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [ { name: web, image: "registry/web:v1" } ]
"""


def plan(kubeconfig):
    return f"""plan: shop
records: {{ keep: 1000 }}
environments:
  dev: {{ provider: kubectl, kubeconfig: {kubeconfig} }}
phases:
  - name: deploy
    steps:
      - connect: main
      - {{ id: ns, namespace: shop }}
      - {{ id: web, apply: k8s/web.yaml, needs: [ns] }}
      - {{ id: release, namespace: shop, rollout: {{ deployment: web, image: "web=registry/web:v1", timeout: 30s }}, needs: [web] }}
"""


def big_plan(kubeconfig, steps):
    """A connect step and `steps` steps of `true` in phases of 100 parallel steps."""
    lines = ["plan: big", "environments:", f"  dev: {{ provider: kubectl, kubeconfig: {kubeconfig} }}", "phases:",
             "  - name: connect", "    steps:", "      - connect: main"]
    for phase in range(steps // 100):
        lines += [f"  - name: p{phase}", "    parallel: true", "    steps:"]
        lines += [f"      - {{ id: s{phase}-{index}, run: [\"true\"] }}" for index in range(100)]
    return "\n".join(lines) + "\n"


def run(argv, env, cwd, check=True, stdin=None):
    done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, input=stdin)
    if check and done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bosun", default=str(REPO / ".build-bench/release/bosun"))
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--out", default=str(HERE / "RECORDS.md"))
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    bosun = str(pathlib.Path(args.bosun).absolute())
    if not os.access(bosun, os.X_OK):
        sys.exit(f"{bosun} is not an executable: build it (`swift build -c release --product bosun --scratch-path .build-bench`)")

    work = pathlib.Path(tempfile.mkdtemp(prefix="bosun-records-"))
    env = {**os.environ, "NO_COLOR": "1", "BOSUN_STATE_DIR": str(work / ".bosun"), "BOSUN_LOCK_DIR": str(work / "locks"),
           "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    repo = work / "repo"
    (repo / "plans" / "k8s").mkdir(parents=True)
    sandbox_state = work / "sandbox-state"
    run([bosun, "sandbox", "start", "--state-dir", str(sandbox_state), "--ready-delay", "0.1"], env, work)
    kubeconfig = str(sandbox_state / "sandbox" / "kubeconfig")
    kubectl = ["kubectl", "--kubeconfig", kubeconfig]
    try:
        (repo / "plans" / "shop.yaml").write_text(plan(kubeconfig))
        (repo / "plans" / "k8s" / "web.yaml").write_text(MANIFEST)
        (repo / "plans" / "big.yaml").write_text(big_plan(kubeconfig, BIG_STEPS))
        run(["git", "init", "-q", "-b", "main"], env, repo)
        run(["git", "add", "-A"], env, repo)
        run(["git", "commit", "-q", "-m", "bench"], env, repo)
        run([bosun, "apply", "plans/shop.yaml", "--env", "dev", "--yes"], env, repo)
        copies = copy_records(kubectl, env, work)
        history = [bosun, "history", "plans/shop.yaml", "--env", "dev", "--json"]
        listed = len(json.loads(run(history, env, repo).stdout))
        listing = kubectl + ["get", "configmaps", "-n", "bosun-system", "-l", "app.kubernetes.io/component=run-record", "-o", "json"]
        times = {"history": [], "kubectl": []}
        for round_ in range(args.rounds + 1):
            order = ["history", "kubectl"] if round_ % 2 == 0 else ["kubectl", "history"]
            for name in order:
                started = time.perf_counter()
                run(history if name == "history" else listing, env, repo)
                if round_ > 0:  # the first round warms caches, untimed
                    times[name].append(time.perf_counter() - started)
        load = os.getloadavg()

        started = time.perf_counter()
        big = run([bosun, "apply", "plans/big.yaml", "--env", "dev", "--yes", "--concurrency", "8"], env, repo, check=False)
        big_seconds = time.perf_counter() - started
        objects = json.loads(run(kubectl + ["get", "configmaps", "-n", "bosun-system", "-l", "bosun.dev/plan=big", "-o", "json"],
                                 env, work).stdout)["items"]
        big_sizes = [len(json.dumps(item["data"]).encode()) for item in objects]
        big_object = [len(json.dumps(item).encode()) for item in objects]
        results = {
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": machine.describe(bosun), "records": copies + 1, "listed": listed, "times": times, "load": load,
            "big": {"exit": big.returncode, "seconds": big_seconds, "data": big_sizes, "object": big_object},
        }
        write_report(results, pathlib.Path(args.out), args.rounds)
        print(pathlib.Path(args.out).read_text())
    finally:
        run([bosun, "sandbox", "stop", "--state-dir", str(sandbox_state)], env, work, check=False)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def copy_records(kubectl, env, cwd):
    """The real record, under RECORDS other run ids, created with one kubectl call."""
    found = json.loads(run(kubectl + ["get", "configmaps", "-n", "bosun-system", "-l", "bosun.dev/plan=shop", "-o", "json"],
                           env, cwd).stdout)["items"]
    template = found[0]
    items = []
    for index in range(RECORDS):
        run_id = "20250101-%06d-%04x" % (index, index)
        record = json.loads(template["data"]["run.json"])
        record["runID"] = run_id
        record["startedAt"] = "2025-01-01T%02d:%02d:%02d.000Z" % (index // 3600, index // 60 % 60, index % 60)
        labels = dict(template["metadata"]["labels"], **{"bosun.dev/run": run_id})
        items.append({"apiVersion": "v1", "kind": "ConfigMap",
                      "metadata": {"name": "bosun-run-" + run_id, "namespace": "bosun-system", "labels": labels,
                                   "annotations": template["metadata"].get("annotations", {})},
                      "data": {"run.json": json.dumps(record)}})
    run(kubectl + ["create", "--validate=false", "-f", "-"], env, cwd, stdin=json.dumps({"apiVersion": "v1", "kind": "List", "items": items}))
    return RECORDS


def write_report(results, out, rounds):
    history, kubectl = results["times"]["history"], results["times"]["kubectl"]
    median = statistics.median(history)
    big = results["big"]
    lines = [
        "# Run records at scale (issue 16)",
        "",
        f"Measured {results['date']} by `python3 Benchmarks/records.py` (release build, {rounds} interleaved rounds after an "
        f"untimed warm-up; load average {results['load'][0]:.2f} / {results['load'][1]:.2f} / {results['load'][2]:.2f}).",
        f"Machine: {results['machine']['cores']} cores, {results['machine']['cpu']}, {results['machine']['memory']}; "
        f"{results['machine']['tools']['bosun']}.",
        "",
        f"## `bosun history` of {results['records']} records (goal: under 1 s)",
        "",
        f"{results['records']} records of one plan and environment in the sandbox's `bosun-system` (one real, "
        f"{results['records'] - 1} copies under other run ids); `history --json` listed {results['listed']} runs.",
        "",
        "| command | median | min | max |",
        "| --- | --- | --- | --- |",
        f"| `bosun history plans/shop.yaml --env dev --json` | {median:.3f} s | {min(history):.3f} s | {max(history):.3f} s |",
        f"| `kubectl get configmaps -l … -o json` (the listing alone) | {statistics.median(kubectl):.3f} s | "
        f"{min(kubectl):.3f} s | {max(kubectl):.3f} s |",
        "",
        f"Goal {'met' if max(history) < 1 else 'MISSED'}: the slowest of {len(history)} rounds took {max(history):.3f} s. "
        "`history` connects (the plan's connect step: kubectl config view into a private folder, and the health check), "
        "lists the records once and merges them with the journal.",
        "",
        f"## The record of a {BIG_STEPS:,}-step run (goal: well under the 1 MiB object limit)",
        "",
        f"`bosun apply` of a plan of {BIG_STEPS:,} `run: [true]` steps with a connect step (exit {big['exit']}, "
        f"{big['seconds']:.1f} s): its record's `data` is {', '.join(f'{size:,} bytes' for size in big['data'])}, "
        f"the whole ConfigMap {', '.join(f'{size:,} bytes' for size in big['object'])} "
        f"({max(big['object'] or [0]) / 1048576 * 100:.2f}% of 1 MiB). Steps are counted, not listed, so the size does not "
        "grow with the plan; each deployment a run touches adds about 300 bytes.",
        "",
    ]
    out.write_text("\n".join(lines))


if __name__ == "__main__":
    main()
