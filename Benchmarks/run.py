#!/usr/bin/env python3
"""Runs the three benchmarks of Benchmarks/README.md and writes Benchmarks/RESULTS.md.

  run.py [--bosun .build-bench/release/bosun] [--rounds 3] [--runs 3] [--sizes 1000,10000,50000]
"""
import argparse
import datetime
import glob
import json
import pathlib
import shlex
import shutil
import subprocess
import sys
import tempfile

from dagkit import machine, report, timing

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bosun", default=str(REPO / ".build-bench/release/bosun"))
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per comparison")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command per round")
    parser.add_argument("--steps", type=int, default=2000, help="steps of the scheduler-overhead DAG")
    parser.add_argument("--sizes", default="1000,10000,50000", help="plan sizes of the compile benchmark")
    parser.add_argument("--compile-timeout", type=float, default=120, help="seconds before a compile run is stopped")
    parser.add_argument("--compile-memory", type=float, default=8, help="GiB of address space a compile run may use")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    parser.add_argument("--keep", action="store_true", help="keep the generated files and journals")
    args = parser.parse_args()

    bosun = str(pathlib.Path(args.bosun).resolve())
    work = pathlib.Path(tempfile.mkdtemp(prefix="bosun-bench-"))
    context = {"bosun": bosun, "providers": str(REPO / "providers"), "work": work, "args": args}
    results = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine.describe(bosun),
        "load_before": timing.load_average(),
    }
    try:
        results["overhead"] = overhead(context)
        results["makespan"] = makespan(context)
        results["compile"] = compile_sizes(context)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["load_after"] = timing.load_average()
    # Paths as a reader can type them: the work folder as $W, the repository's relative.
    text = report.markdown(results).replace(str(work), "$W").replace(str(REPO) + "/", "")
    pathlib.Path(args.out).write_text(text)
    print(text)


def generate(context, shape, folder, *extra):
    argv = [sys.executable, str(HERE / "generate.py"), shape, "--out", str(folder), "--check",
            "--bosun", context["bosun"], "--providers", context["providers"], *extra]
    check = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    print(check, end="")
    return json.loads((folder / "dag.json").read_text()), check


def apply_command(context, folder, concurrency, state):
    return (f"{shlex.quote(context['bosun'])} apply {folder}/plan.yaml --env bench --concurrency {concurrency} "
            f"--yes --state-dir {state} --providers {shlex.quote(context['providers'])}")


def overhead(context):
    """2,000 no-op steps: Bosun (journal included) against ninja and make on the same edges."""
    args, folder = context["args"], context["work"] / "overhead"
    dag, check = generate(context, "deployment", folder, "--steps", str(args.steps))
    commands = {
        "bosun": apply_command(context, folder, 16, context["work"] / "state-overhead"),
        "ninja": f"ninja -C {folder} -j16",
        "make": f"make -C {folder} -j16",
    }
    if shutil.which("eatmydata"):
        # Diagnostic only: the same run with fsync made a no-op, to show what the journal's fsyncs cost.
        commands["bosun, fsync off (eatmydata)"] = "eatmydata " + apply_command(
            context, folder, 16, context["work"] / "state-overhead-nosync")
    times = timing.compare(commands, args.rounds, args.runs)
    return {"dag": dag, "check": check, "commands": commands,
            "stats": {label: timing.summary(samples) for label, samples in times.items()}}


def makespan(context):
    """Sleep steps with a known critical path, at a concurrency that never holds a ready step back."""
    args, folder = context["args"], context["work"] / "makespan"
    dag, check = generate(context, "makespan", folder)
    state = context["work"] / "state-makespan"
    commands = {
        "bosun": apply_command(context, folder, 64, state),
        "ninja": f"ninja -C {folder} -j64",
        "make": f"make -C {folder} -j64",
    }
    times = timing.compare(commands, args.rounds, max(1, args.runs - 1))
    return {"dag": dag, "check": check, "commands": commands,
            "stats": {label: timing.summary(samples) for label, samples in times.items()},
            "executor": timing.summary(executor_makespans(state))}


def executor_makespans(state):
    """From each journal: first step started to last step finished (no startup, compile or preflight)."""
    spans = []
    for events in glob.glob(f"{state}/runs/*/events.jsonl"):
        entries = [json.loads(line) for line in open(events)]
        starts = [e["time"] for e in entries if e["event"] == "stepStarted"]
        ends = [e["time"] for e in entries if e["event"] == "stepFinished"]
        spans.append((_parse(max(ends)) - _parse(min(starts))).total_seconds())
    return spans


def _parse(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def compile_sizes(context):
    """`bosun plan --format json` and `bosun validate` on plans of growing size: time and peak memory."""
    args, rows = context["args"], []
    limit = int(args.compile_memory * 1024 ** 3)
    for size in [int(s) for s in args.sizes.split(",")]:
        folder = context["work"] / f"compile-{size}"
        generate(context, "deployment", folder, "--steps", str(size), "--no-ninja-make")
        plan = str(folder / "plan.yaml")
        for label, argv in {
            "plan --format json": [context["bosun"], "plan", plan, "--env", "bench", "--format", "json",
                                   "--providers", context["providers"]],
            "validate": [context["bosun"], "validate", plan, "--providers", context["providers"]],
        }.items():
            runs = []
            for _ in range(args.runs if size <= 10000 else 1):
                run = timing.time_and_memory(argv, args.compile_timeout, limit)
                runs.append(run)
                if "error" in run:
                    break
            rows.append({"size": size, "command": label, "argv": argv, "runs": runs})
            print(f"compile {size} {label}: {runs}")
    return {"rows": rows, "timeout": args.compile_timeout, "memory_gib": args.compile_memory}


if __name__ == "__main__":
    main()
