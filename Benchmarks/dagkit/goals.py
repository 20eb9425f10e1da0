"""RESULTS.md's first section: issue 14's table of goals, from the one interleaved run of
run.py's goals(): bosun (and the static build), ninja and the C floor side by side, the ratio
bosun / ninja and whether each goal holds."""
import statistics

# label, goal text, test on the measured value
WIDE_GOAL = 1.05        # bosun / ninja, in every round
CHAIN_GOAL = 1.1        # bosun / ninja, ms per step
SWITCH_GOAL = 3.0       # context switches per step
SINGLE_GOAL = 0.015     # seconds, whole `bosun apply` of a 1-step plan
VERSION_GOAL = 0.008    # seconds, `bosun --version`
VALIDATE_GOAL = 1.0     # seconds, validate of the big plan
PLAN_GOAL = 1.5         # seconds, plan --format json of the big plan
RSS_GOAL_KIB = 1.0      # peak RSS per step


def section(result):
    out = ["## Goals (issue 14): one interleaved run against ninja and the C floor", ""]
    out += _intro(result)
    out += _goal_table(result)
    out += _per_round(result)
    out += _group_tables(result)
    out += _switch_table(result)
    out += _compile_table(result)
    out += _commands(result)
    return out


def _t(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.3f} s"


def _range(s, scale=1.0, fmt=_t):
    return f"{fmt(s['median'] * scale)} ({fmt(s['min'] * scale)}–{fmt(s['max'] * scale)})"


def _holds(ok):
    return "yes" if ok else "**no**"


def _intro(result):
    steps, rounds = result["steps"], result["rounds"]
    load = lambda v: " / ".join(f"{x:.2f}" for x in v)
    method = {"perf": "`perf stat -e context-switches` (the kernel's count over every task of the process tree)",
              "time": "GNU `/usr/bin/time -v` (voluntary + involuntary, getrusage of the command and the "
                      "children it waited for; perf was not usable here)",
              None: "not measured (neither perf nor /usr/bin/time)"}[result["switch_method"]]
    return [
        f"{rounds} rounds; every round runs every group below (hyperfine, `--shell=none`, one warm-up per "
        "command), then one run of each scheduler command for the context switches, then validate and "
        "`plan --format json` of the big plan; every other round runs the groups and their commands in "
        "reverse order. Times are pooled over the rounds (median, min–max); the 1.05x goal is checked on "
        "each round's medians.", "",
        f"- load average (1/5/15 min) at the start of the run: {load(result['load_before'])}; at its end: "
        f"{load(result['load_after'])}",
        f"- DAGs: deployment {steps['deployment']:,} steps ({result['dags']['deployment']['edges']:,} edges, "
        f"phases with barriers), wide {steps['wide']:,} steps (one parallel phase), chain {steps['chain']:,} "
        "steps (one sequential phase), single: 1 step; every step runs `true`, at -j16 for all. "
        "Bosun journals into a temporary --state-dir (every step start fsynced).",
        "- ninja gets the same nodes (barriers as phony targets) in build.ninja, and runs each command as "
        "`/bin/sh -c true`; the floor (Benchmarks/floor/dagrun.c, `cc -O2`) reads the same edges from "
        "dag.txt and runs `true` with posix_spawnp, at most -j N at once, waiting with waitpid.",
        f"- context switches: {method}, one run per round of each command.",
        "- the static build is `swift build -c release --static-swift-stdlib` (as `make install`); "
        + ("it has rows of its own for the start-up measures." if result["static"] else
           "**not measured in this run** (no --bosun-static)."), "",
        "Edge sets checked before timing (`bosun graph --format dot` against the generator):", "", "```"] + \
        [result["checks"][shape].rstrip() for shape in ("deployment", "wide", "chain", "single")] + ["```", ""]


def _row(measure, values, ratio, goal, holds):
    cells = [measure] + [values.get(k, "–") for k in ("bosun", "bosun (static)", "ninja", "floor")] + [ratio, goal, holds]
    return "| " + " | ".join(cells) + " |"


def _goal_table(result):
    stats, per_round, steps = result["stats"], result["per_round"], result["steps"]
    lines = ["| measure | bosun | bosun (static) | ninja | floor (C) | bosun / ninja | goal | holds |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for group, title in (("deployment", "deployment shape"), ("wide", "purely wide")):
        s = stats[group]
        rounds = [r["bosun"] / r["ninja"] for r in per_round[group]]
        bad = sum(1 for x in rounds if x > WIDE_GOAL)
        values = {k: _range(v) for k, v in s.items() if k in ("bosun", "ninja", "floor")}
        ratio = (f"{s['bosun']['median'] / s['ninja']['median']:.2f}x (rounds: "
                 + ", ".join(f"{x:.2f}" for x in rounds) + ")")
        holds = _holds(bad == 0) + ("" if bad == 0 else f" ({bad} of {len(rounds)} rounds above)")
        lines.append(_row(f"{steps[group]:,} no-op steps, {title}, -j16, wall", values, ratio,
                          f"≤ {WIDE_GOAL}x ninja, every round", holds))
    s, n = stats["chain"], steps["chain"]
    per_step = lambda v: f"{v * 1000:.3f} ms"
    values = {k: _range(v, 1 / n, per_step) for k, v in s.items() if k in ("bosun", "ninja", "floor")}
    ratio = s["bosun"]["median"] / s["ninja"]["median"]
    lines.append(_row(f"chain of {n:,} no-op steps, wall per step", values, f"{ratio:.2f}x",
                      f"≤ {CHAIN_GOAL}x ninja", _holds(ratio <= CHAIN_GOAL)))
    for shape in ("deployment", "wide", "chain"):
        counts = result["switches"][shape]
        if not counts.get("bosun"):
            lines.append(_row(f"context switches per step, {shape}", {}, "–", f"≤ {SWITCH_GOAL:g}", "not measured"))
            continue
        med = {k: statistics.median(r["switches"] for r in v) / steps[shape] for k, v in counts.items() if v}
        values = {k: f"{v:.2f}" for k, v in med.items()}
        lines.append(_row(f"context switches per step, {shape} (whole process tree)", values,
                          f"{med['bosun'] / med['ninja']:.2f}x" if med.get("ninja") else "–",
                          f"≤ {SWITCH_GOAL:g}", _holds(med["bosun"] <= SWITCH_GOAL)))
    for group, title, goal in (("single", "apply of a 1-step plan, whole process", SINGLE_GOAL),
                               ("version", "`bosun --version` (ninja: `ninja --version`, floor: `dagrun --version`)",
                                VERSION_GOAL)):
        s = stats[group]
        values = {k: _range(v) for k, v in s.items()}
        ratio = f"{s['bosun']['median'] / s['ninja']['median']:.1f}x"
        if "bosun (static)" in s:
            ratio += f" (static: {s['bosun (static)']['median'] / s['ninja']['median']:.1f}x)"
        holds = _holds(s["bosun"]["median"] <= goal)
        if "bosun (static)" in s:
            holds = f"dynamic: {holds}, static: {_holds(s['bosun (static)']['median'] <= goal)}"
        lines.append(_row(title, values, ratio, f"≤ {goal * 1000:g} ms", holds))
    big = result["compile_steps"]
    scaled = "" if big == 100000 else f" (the goal is for 100,000 steps; --compile-steps {big})"
    for label, goal in (("validate", VALIDATE_GOAL), ("plan --format json", PLAN_GOAL)):
        done = [r for r in result["compiled"][label] if "error" not in r]
        if not done:
            error = result["compiled"][label][0]["error"] if result["compiled"][label] else "not run"
            lines.append(_row(f"{label}, {big:,} steps", {"bosun": error}, "–", f"≤ {goal:g} s", "**no**"))
            continue
        seconds = statistics.median(r["seconds"] for r in done)
        kib = max(r["rss_mib"] for r in done) * 1024 / big
        lines.append(_row(f"{label}, {big:,} steps: wall (median of {len(done)})",
                          {"bosun": f"{seconds:.2f} s ({min(r['seconds'] for r in done):.2f}–"
                                    f"{max(r['seconds'] for r in done):.2f} s)"},
                          "–", f"≤ {goal:g} s{scaled}", _holds(seconds <= goal)))
        base = [r["rss_mib"] for r in result["compiled_base"].get(label, []) if "error" not in r]
        marginal = (f"; {(max(r['rss_mib'] for r in done) - min(base)) * 1024 / big:.2f} KiB above the "
                    f"1-step plan's {min(base):.0f} MiB") if base else ""
        lines.append(_row(f"{label}, {big:,} steps: peak RSS per step",
                          {"bosun": f"{kib:.2f} KiB ({max(r['rss_mib'] for r in done):.0f} MiB{marginal})"},
                          "–", f"≤ {RSS_GOAL_KIB:g} KiB per step", _holds(kib <= RSS_GOAL_KIB)))
    return lines + [""]


def _per_round(result):
    groups = [g for g in ("deployment", "wide", "chain", "single", "version") if g in result["per_round"]]
    lines = ["Per round: bosun / ninja of the round's medians, and the 1-minute load at the round's start.", "",
             "| round | load (1 min) | " + " | ".join(groups) + " |",
             "| ---: | ---: | " + " | ".join("---:" for _ in groups) + " |"]
    for r in range(result["rounds"]):
        cells = [f"{result['per_round'][g][r]['bosun'] / result['per_round'][g][r]['ninja']:.2f}x" for g in groups]
        lines.append(f"| {r + 1} | {result['round_loads'][r][0]:.2f} | " + " | ".join(cells) + " |")
    return lines + [""]


def _group_tables(result):
    names = {"deployment": f"deployment shape, {result['steps']['deployment']:,} steps",
             "wide": f"wide, {result['steps']['wide']:,} steps", "chain": f"chain, {result['steps']['chain']:,} steps",
             "single": "1-step plan", "version": "--version"}
    lines = ["Wall time of every command, pooled over the rounds:", "",
             "| group | command | median | min | max | spread (max-min)/median | runs | vs ninja |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for group, stats in result["stats"].items():
        base = stats["ninja"]["median"]
        for label, s in stats.items():
            lines.append(f"| {names[group]} | {label} | {_t(s['median'])} | {_t(s['min'])} | {_t(s['max'])} | "
                         f"{s['spread'] * 100:.0f}% | {s['n']} | {s['median'] / base:.2f}x |")
    if result.get("chain_executor"):
        e, n = result["chain_executor"], result["steps"]["chain"]
        lines += ["", f"Bosun's chain without start-up and end (first step start → last step end, from its journals): "
                      f"{e['median'] * 1000 / n:.3f} ms per step (median of {e['n']} runs; "
                      f"{e['min'] * 1000 / n:.3f}–{e['max'] * 1000 / n:.3f})."]
    return lines + [""]


def _switch_table(result):
    if not result["switch_method"]:
        return []
    lines = [f"Context switches ({result['switch_method']}) and CPU time, whole process tree, one run per round:", "",
             "| shape | command | median switches | per step | CPU per step | runs |",
             "| --- | --- | ---: | ---: | ---: | ---: |"]
    for shape, counts in result["switches"].items():
        n = result["steps"][shape]
        for label, runs in counts.items():
            if not runs:
                continue
            sw = statistics.median(r["switches"] for r in runs)
            cpu = statistics.median(r["cpu_ms"] for r in runs)
            lines.append(f"| {shape} | {label} | {sw:.0f} | {sw / n:.2f} | {cpu * 1000 / n:.0f} µs | {len(runs)} |")
    return lines + [""]


def _compile_table(result):
    lines = [f"validate and plan --format json of the deployment shape at {result['compile_steps']:,} steps "
             "(`/usr/bin/time -v`, one run per round; the same commands on the 1-step plan give the peak RSS "
             "any run has):", "",
             "| command | median wall | min | max | peak RSS (max) | per step | runs |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for label, runs in result["compiled"].items():
        done = [r for r in runs if "error" not in r]
        if not done:
            lines.append(f"| {label} | {runs[0]['error'] if runs else 'not run'} | – | – | – | – | 0 |")
            continue
        secs = [r["seconds"] for r in done]
        rss = max(r["rss_mib"] for r in done)
        lines.append(f"| {label} | {statistics.median(secs):.2f} s | {min(secs):.2f} s | {max(secs):.2f} s | "
                     f"{rss:.0f} MiB | {rss * 1024 / result['compile_steps']:.2f} KiB | {len(done)} |")
        base = [r for r in result["compiled_base"].get(label, []) if "error" not in r]
        if base:
            secs = [r["seconds"] for r in base]
            lines.append(f"| {label}, 1-step plan | {statistics.median(secs):.2f} s | {min(secs):.2f} s | "
                         f"{max(secs):.2f} s | {max(r['rss_mib'] for r in base):.0f} MiB | – | {len(base)} |")
    return lines + [""]


def _commands(result):
    lines = ["Commands (run from the repository; `$W` is the temporary work folder). The floor is built with "
             f"`{result['floor']}`. Each group is one hyperfine call per round:", "", "```sh"]
    for group, g in result["groups"].items():
        lines.append(f"# {group}: hyperfine --style none --shell=none --runs {g['runs']} --warmup 1 --export-json … "
                     "--command-name LABEL COMMAND …")
        lines += [f"#   {label}\n{command}" for label, command in g["commands"].items()]
    if result["switch_method"] == "perf":
        lines.append("# context switches: perf stat -x, -e context-switches,task-clock -o FILE -- COMMAND")
    elif result["switch_method"] == "time":
        lines.append("# context switches: /usr/bin/time -v COMMAND (voluntary + involuntary)")
    lines.append("#   bosun's runs journal into a --state-dir of their own ($W/state-SHAPE-switches); the rest as above")
    lines.append(f"# compile, {result['compile_steps']:,} steps: /usr/bin/time -v prlimit --as=LIMIT -- COMMAND")
    lines += [f"{command} > /dev/null" for command in result["compile_commands"].values()]
    return lines + ["```", ""]
