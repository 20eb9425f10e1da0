"""RESULTS.md: the machine, the date, the exact commands and a table per benchmark.

The hand-written analysis (what dominates, what was fixed) lives in Benchmarks/analysis.md and
is appended as it is, so re-running the benchmarks never overwrites it."""
import pathlib

from . import goals

ANALYSIS = pathlib.Path(__file__).resolve().parent.parent / "analysis.md"


def markdown(results):
    out = ["# Benchmark results", "",
           "Written by `make bench` (Benchmarks/run.py); see Benchmarks/README.md for what each benchmark means.", ""]
    out += _machine(results)
    out += goals.section(results["goals"])
    out += _overhead(results["overhead"])
    if "makespan" in results:
        out += _makespan(results["makespan"])
    if "compile" in results:
        out += _compile(results["compile"])
    if ANALYSIS.exists():
        out += ["", ANALYSIS.read_text().rstrip()]
    return "\n".join(out) + "\n"


def _machine(results):
    m = results["machine"]
    load = lambda values: " / ".join(f"{v:.2f}" for values_ in [values] for v in values_)
    lines = ["## Machine", "",
             "| | |", "| --- | --- |",
             f"| date | {results['date']} |",
             f"| cores | {m['cores']} |",
             f"| CPU | {m['cpu']} |",
             f"| memory | {m['memory']} |",
             f"| kernel | {m['kernel']} |",
             f"| load average (1/5/15 min) before / after | {load(results['load_before'])} → {load(results['load_after'])} |"]
    lines += [f"| {tool} | {version} |" for tool, version in m["tools"].items()]
    return lines + [""]


def _stats_table(stats, reference, unit_label="wall time"):
    lines = [f"| command | median {unit_label} | min | max | spread (max-min)/median | runs | vs {reference} |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    base = stats[reference]["median"]
    for label, s in stats.items():
        lines.append(f"| {label} | {s['median']:.3f} s | {s['min']:.3f} s | {s['max']:.3f} s | "
                     f"{s['spread'] * 100:.0f}% | {s['n']} | {s['median'] / base:.2f}x |")
    return lines


def _commands(commands):
    return ["", "Commands (run from the repository; `$W` is the temporary work folder):", "", "```sh"] + \
           [f"# {label}\n{command}" for label, command in commands.items()] + ["```", ""]


def _overhead(result):
    dag, stats = result["dag"], result["stats"]
    ratio = stats["bosun"]["median"] / stats["ninja"]["median"]
    lines = [f"## 1. Scheduler overhead: {dag['steps']:,} no-op steps (the deployment group of the run above)", "",
             f"DAG: {dag['steps']} steps running `true`, {dag['barriers']} phase barriers (ninja/make: phony "
             f"targets), {dag['edges']} edges; a 20% wide phase, then a 10% chain beside a 50% diamond lattice "
             "(25 wide), then a 20% wide phase. Concurrency 16 for all.",
             "The Bosun run includes everything `bosun apply` does: loading and compiling the plan, the tool "
             "preflight, and the **journal** (plan.json, events.jsonl with every step's start fsynced before "
             "its command runs, run.json; these steps print nothing, so they leave no log files) into a "
             "temporary `--state-dir`.", "",
             "Same DAG, checked before timing (edge sets compared, `bosun graph --format dot` for the plan):",
             "", "```", result["check"].rstrip(), "```", ""]
    lines += _stats_table(stats, "ninja")
    verdict = "met" if ratio <= 1.2 else "**missed**"
    lines += ["", f"**bosun / ninja = {ratio:.2f}x** (this section's first target ≤ 1.2x: {verdict}; "
                  f"issue 14's is ≤ 1.05x in every round, in the goals table above); "
                  f"bosun / make = {stats['bosun']['median'] / stats['make']['median']:.2f}x; "
                  f"make / ninja = {stats['make']['median'] / stats['ninja']['median']:.2f}x."]
    return lines + _commands(result["commands"])


def _makespan(result):
    dag, stats, executor = result["dag"], result["stats"], result["executor"]
    critical = dag["criticalPathSeconds"]
    lines = ["## 2. Makespan: sleep steps with a known critical path", "",
             f"DAG: {dag['steps']} `sleep` steps, {dag['edges']} edges; critical path {critical:.2f} s "
             "(0.1 s, a chain of 8 x 0.2 s beside 6 chains of 4 x 0.2 s and 24 single 0.8 s steps, 0.1 s); "
             "at most 31 steps can run at once, concurrency 64.", ""]
    lines += _stats_table(stats, "ninja")
    lines += ["", "| measure | median | min | max | / critical path |", "| --- | ---: | ---: | ---: | ---: |"]
    wall = stats["bosun"]
    for label, s in [("bosun apply, whole process", wall), ("bosun executor only (first step start → last step end, from the journal)", executor),
                     ("ninja", stats["ninja"]), ("make", stats["make"])] + \
                    ([("floor (C, posix_spawn)", stats["floor"])] if "floor" in stats else []):
        lines.append(f"| {label} | {s['median']:.3f} s | {s['min']:.3f} s | {s['max']:.3f} s | {s['median'] / critical:.3f} |")
    verdict = "met" if wall["median"] / critical <= 1.05 else "**missed**"
    lines += ["", f"**makespan / critical path = {wall['median'] / critical:.3f}** for the whole `bosun apply` "
                  f"(target ≤ 1.05: {verdict}); {executor['median'] / critical:.3f} for the executor alone."]
    return lines + _commands(result["commands"])


def _compile(result):
    lines = ["## 3. Compile: plans of growing size", "",
             "The deployment shape above at each size. Wall time and peak RSS from `/usr/bin/time -v`; "
             f"each run is stopped after {result['timeout']:g} s or {result['memory_gib']:g} GiB of address space.", "",
             "| steps | command | median wall | µs per step | peak RSS | runs |", "| ---: | --- | ---: | ---: | ---: | ---: |"]
    for row in result["rows"]:
        done = [r for r in row["runs"] if "error" not in r]
        failed = [r["error"] for r in row["runs"] if "error" in r]
        if done:
            seconds = sorted(r["seconds"] for r in done)[len(done) // 2]
            rss = max(r["rss_mib"] for r in done)
            lines.append(f"| {row['size']:,} | {row['command']} | {seconds:.2f} s | {seconds / row['size'] * 1e6:.0f} | "
                         f"{rss:.0f} MiB | {len(done)} |")
        else:
            lines.append(f"| {row['size']:,} | {row['command']} | {failed[0]} | – | – | 0 |")
    ten = next((r for r in result["rows"] if r["size"] == 10000 and r["command"].startswith("plan")), None)
    if ten:
        done = [r["seconds"] for r in ten["runs"] if "error" not in r]
        met = bool(done) and sorted(done)[len(done) // 2] < 0.5
        lines += ["", f"Target: `bosun plan` of 10,000 steps under 0.5 s: {'met' if met else '**missed**'}."]
    lines += ["", "Commands (`$W/compile-N/plan.yaml` from `generate.py deployment --steps N`):", "", "```sh"]
    seen = set()
    for row in result["rows"]:
        if row["command"] not in seen:
            seen.add(row["command"])
            lines.append("/usr/bin/time -v " + " ".join(row["argv"]) + " > /dev/null")
    return lines + ["```", ""]
