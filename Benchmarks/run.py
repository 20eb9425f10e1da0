#!/usr/bin/env python3
"""Runs the benchmarks of Benchmarks/README.md and writes Benchmarks/RESULTS.md: the goals of
issue 14 in one interleaved run (against ninja and the C floor), then makespan and compile.

  run.py [--bosun .build-bench/release/bosun] [--bosun-static .build-bench-static/release/bosun]
         [--rounds 3] [--runs 3] [--startup-runs 20] [--sizes 1000,10000,50000] [--skip makespan,compile]
"""
import argparse
import datetime
import glob
import json
import os
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
    parser.add_argument("--bosun-static", help="a second build of bosun, with --static-swift-stdlib "
                        "(`make bench`: .build-bench-static/release/bosun): its start-up and 1-step apply get rows too")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--runs", type=int, default=3, help="runs of each scheduler command per round")
    parser.add_argument("--startup-runs", type=int, default=20,
                        help="runs per round of the few-millisecond commands (--version, the 1-step apply)")
    parser.add_argument("--steps", type=int, default=2000, help="steps of the deployment and wide DAGs")
    parser.add_argument("--chain-steps", type=int, default=500, help="steps of the chain DAG")
    parser.add_argument("--compile-steps", type=int, default=100000,
                        help="steps of the plan that validate and plan --format json get in every round")
    parser.add_argument("--sizes", default="1000,10000,50000", help="plan sizes of the compile benchmark")
    parser.add_argument("--compile-timeout", type=float, default=120, help="seconds before a compile run is stopped")
    parser.add_argument("--compile-memory", type=float, default=8, help="GiB of address space a compile run may use")
    parser.add_argument("--skip", default="", help="comma-separated: makespan, compile (the size sweep)")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    parser.add_argument("--keep", action="store_true", help="keep the generated files and journals")
    args = parser.parse_args()
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}

    bosun = str(pathlib.Path(args.bosun).resolve())
    static = str(pathlib.Path(args.bosun_static).resolve()) if args.bosun_static else None
    if static and not os.access(static, os.X_OK):
        print(f"warning: {static} is not an executable; no static rows", file=sys.stderr)
        static = None
    work = pathlib.Path(tempfile.mkdtemp(prefix="bosun-bench-"))
    context = {"bosun": bosun, "static": static, "providers": str(REPO / "providers"), "work": work, "args": args}
    results = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine.describe(bosun, static),
        "load_before": timing.load_average(),
    }
    try:
        context["floor"] = build_floor(work)
        results["goals"] = goals(context)
        results["overhead"] = results["goals"]["overhead"]
        if "makespan" not in skip:
            results["makespan"] = makespan(context)
        if "compile" not in skip:
            results["compile"] = compile_sizes(context)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["load_after"] = timing.load_average()
    # Paths as a reader can type them: the work folder as $W, the repository's relative.
    text = report.markdown(results).replace(str(work), "$W").replace(str(REPO) + "/", "")
    pathlib.Path(args.out).write_text(text)
    print(text)


def build_floor(work):
    """Benchmarks/floor/dagrun.c, compiled with cc -O2 into the work folder."""
    binary = work / "dagrun"
    command = ["cc", "-O2", "-o", str(binary), str(HERE / "floor" / "dagrun.c")]
    subprocess.run(command, check=True)
    return {"binary": str(binary), "command": shlex.join(command)}


def goals(context):
    """The measures of issue 14's table in ONE interleaved run: every round runs every group
    (hyperfine, --shell=none), then the context-switch counts (one run of each scheduler command),
    then validate and plan --format json of the big plan; the order of the groups and of the
    commands inside a group is reversed every other round. Times are pooled over rounds; the
    per-round medians are kept for the goals that must hold in every round."""
    args, work, floor = context["args"], context["work"], context["floor"]["binary"]
    bosun, static = context["bosun"], context["static"]
    steps = {"deployment": args.steps, "wide": args.steps, "chain": args.chain_steps, "single": 1}
    folders, checks, dags = {}, {}, {}
    for shape, count in steps.items():
        folders[shape] = work / shape
        dags[shape], checks[shape] = generate(context, shape, folders[shape], "--steps", str(count))

    def schedulers(shape, jobs=16, with_make=False, with_static=False):
        folder = folders[shape]
        commands = {"bosun": apply_argv(context, bosun, folder, jobs, work / f"state-{shape}")}
        if with_static and static:
            commands["bosun (static)"] = apply_argv(context, static, folder, jobs, work / f"state-{shape}-static")
        commands["ninja"] = ["ninja", "-C", str(folder), f"-j{jobs}"]
        commands["floor"] = [floor, f"-j{jobs}", str(folder / "dag.txt")]
        if with_make:
            commands["make"] = ["make", "-C", str(folder), f"-j{jobs}"]
            if shutil.which("eatmydata"):
                # Diagnostic only: the same run with fsync made a no-op, to show what the journal's fsyncs cost.
                commands["bosun, fsync off (eatmydata)"] = ["eatmydata"] + apply_argv(
                    context, bosun, folder, jobs, work / f"state-{shape}-nosync")
        return commands

    version = {"bosun": [bosun, "--version"]}
    if static:
        version["bosun (static)"] = [static, "--version"]
    version["ninja"] = ["ninja", "--version"]
    version["floor"] = [floor, "--version"]
    groups = {
        "deployment": {"commands": schedulers("deployment", with_make=True), "runs": args.runs},
        "wide": {"commands": schedulers("wide"), "runs": args.runs},
        "chain": {"commands": schedulers("chain"), "runs": args.runs},
        "single": {"commands": schedulers("single", with_static=True), "runs": args.startup_runs},
        "version": {"commands": version, "runs": args.startup_runs},
    }
    method = timing.switch_counter()
    switch_commands = {}
    for shape in ("deployment", "wide", "chain"):
        commands = schedulers(shape)
        commands["bosun"] = apply_argv(context, bosun, folders[shape], 16, work / f"state-{shape}-switches")
        switch_commands[shape] = commands
    big = work / f"compile-{args.compile_steps}"
    generate(context, "deployment", big, "--steps", str(args.compile_steps), "--no-ninja-make")
    compile_commands = {
        "validate": [bosun, "validate", str(big / "plan.yaml"), "--providers", context["providers"]],
        "plan --format json": [bosun, "plan", str(big / "plan.yaml"), "--env", "bench", "--format", "json",
                               "--providers", context["providers"]],
    }
    # The same two commands on the 1-step plan: the peak RSS every run has, whatever the plan's size.
    base_commands = {label: [w if w != str(big / "plan.yaml") else str(folders["single"] / "plan.yaml") for w in argv]
                     for label, argv in compile_commands.items()}
    limit = int(args.compile_memory * 1024 ** 3)

    times = {group: {label: [] for label in g["commands"]} for group, g in groups.items()}
    per_round = {group: [] for group in groups}
    switches = {shape: {label: [] for label in commands} for shape, commands in switch_commands.items()}
    compiled = {label: [] for label in compile_commands}
    compiled_base = {label: [] for label in compile_commands}
    loads = []
    load_before = timing.load_average()
    for r in range(args.rounds):
        flip = (lambda items: list(reversed(items))) if r % 2 else list
        loads.append(timing.load_average())
        for group, g in flip(list(groups.items())):
            commands = dict(flip(list(g["commands"].items())))
            print(f"round {r + 1}/{args.rounds}: {group} ({', '.join(commands)})", flush=True)
            got = timing.one_round(commands, g["runs"])
            per_round[group].append({label: timing.summary(samples)["median"] for label, samples in got.items()})
            for label, samples in got.items():
                times[group][label] += samples
        if method:
            for shape, commands in flip(list(switch_commands.items())):
                for label, argv in flip(list(commands.items())):
                    switches[shape][label].append(timing.count_switches(argv, method))
        for label, argv in flip(list(compile_commands.items())):
            run = timing.time_and_memory(argv, args.compile_timeout, limit)
            print(f"round {r + 1}/{args.rounds}: {label} of {args.compile_steps} steps: {run}", flush=True)
            compiled[label].append(run)
            compiled_base[label].append(timing.time_and_memory(base_commands[label], args.compile_timeout, limit))
    load_after = timing.load_average()

    stats = {group: {label: timing.summary(samples) for label, samples in by_label.items()}
             for group, by_label in times.items()}
    chain_state = work / "state-chain"
    result = {
        "rounds": args.rounds, "steps": steps, "dags": dags, "checks": checks,
        "groups": {group: {"runs": g["runs"], "commands": {l: shlex.join(a) for l, a in g["commands"].items()}}
                   for group, g in groups.items()},
        "stats": stats, "per_round": per_round, "round_loads": loads,
        "load_before": load_before, "load_after": load_after,
        "switch_method": method, "switches": switches,
        "switch_commands": {shape: {l: shlex.join(a) for l, a in c.items()} for shape, c in switch_commands.items()},
        "compile_steps": args.compile_steps, "compiled": compiled, "compiled_base": compiled_base,
        "compile_commands": {l: shlex.join(a) for l, a in compile_commands.items()},
        "chain_executor": timing.summary(executor_makespans(chain_state)) if glob.glob(f"{chain_state}/runs/*") else None,
        "floor": context["floor"]["command"], "static": static is not None,
    }
    # Section 1 (scheduler overhead against ninja and make) reads the deployment group of this run.
    result["overhead"] = {"dag": dags["deployment"], "check": checks["deployment"],
                          "commands": result["groups"]["deployment"]["commands"], "stats": stats["deployment"]}
    return result


def generate(context, shape, folder, *extra):
    argv = [sys.executable, str(HERE / "generate.py"), shape, "--out", str(folder), "--check",
            "--bosun", context["bosun"], "--providers", context["providers"], *extra]
    check = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    print(check, end="")
    return json.loads((folder / "dag.json").read_text()), check


def apply_argv(context, bosun, folder, concurrency, state):
    return [bosun, "apply", f"{folder}/plan.yaml", "--env", "bench", "--concurrency", str(concurrency),
            "--yes", "--state-dir", str(state), "--providers", context["providers"]]


def apply_command(context, folder, concurrency, state):
    return shlex.join(apply_argv(context, context["bosun"], folder, concurrency, state))


def makespan(context):
    """Sleep steps with a known critical path, at a concurrency that never holds a ready step back."""
    args, folder = context["args"], context["work"] / "makespan"
    dag, check = generate(context, "makespan", folder)
    state = context["work"] / "state-makespan"
    commands = {
        "bosun": apply_command(context, folder, 64, state),
        "ninja": f"ninja -C {folder} -j64",
        "make": f"make -C {folder} -j64",
        "floor": f"{context['floor']['binary']} -j64 {folder}/dag.txt",
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
