"""PREVIEW.md: the live preview against its read-only commands typed by hand (Benchmarks/preview.py):
the machine, the goal, each round, where the hand sequence's time goes, and the exact commands."""
import statistics

from . import timing

GOAL = 1.0  # preview / hand sequence, medians


def markdown(results):
    out = ["# Live preview benchmark", "",
           "Written by Benchmarks/preview.py (`make bench`); Benchmarks/README.md says what it measures.", ""]
    out += _machine(results)
    out += _goal(results)
    out += _rounds(results)
    out += _where(results)
    out += _commands(results)
    return "\n".join(out) + "\n"


def _t(seconds):
    return f"{seconds:.3f} s"


def _load(values):
    return " / ".join(f"{v:.2f}" for v in values)


def _machine(results):
    m = results["machine"]
    lines = ["## Machine", "", "| | |", "| --- | --- |",
             f"| date | {results['date']} |",
             f"| cores | {m['cores']} |",
             f"| CPU | {m['cpu']} |",
             f"| memory | {m['memory']} |",
             f"| kernel | {m['kernel']} |",
             f"| load average (1/5/15 min) before / after | {_load(results['load_before'])} → {_load(results['load_after'])} |",
             f"| bosun | {m['tools']['bosun']} |"]
    lines += [f"| {tool} | {version} |" for tool, version in results["tools"].items()]
    lines += [f"| python3 | {m['tools']['python3']} |"]
    return lines + [""]


def _totals(results):
    return results["preview"], [run["total"] for run in results["hand"]]


def _goal(results):
    preview, hand = _totals(results)
    a, b = timing.summary(preview), timing.summary(hand)
    ratio = a["median"] / b["median"]
    wins = sum(1 for p, h in zip(preview, hand) if p <= h)
    verdict = "met" if ratio <= GOAL else "**missed**"
    lines = ["## The goal: the preview takes no longer than its commands typed one after another", "",
             f"The main example plan (plans/ecotrack, environment `local`: the sandbox and Terraform 1.0.3), "
             f"with {results['rounds']} interleaved rounds after one untimed warm-up of each; the order "
             "alternates every round.", "",
             "| | median | min | max | spread (max-min)/median | runs |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for label, s in [("(A) `bosun plan --live`", a), ("(B) the same read-only commands by hand, one after another", b)]:
        lines.append(f"| {label} | {_t(s['median'])} | {_t(s['min'])} | {_t(s['max'])} | {s['spread'] * 100:.0f}% | {s['n']} |")
    lines += ["", f"**A / B = {ratio:.2f}** (goal ≤ {GOAL:g}: {verdict}); A ≤ B in {wins} of {len(preview)} rounds.", ""]
    busiest = max([results["load_before"][0], results["load_after"][0]] + [load[0] for load in results["round_loads"]])
    if busiest > results["machine"]["cores"]:
        lines += [f"The machine was busy (1-minute load average up to {busiest:.2f} on {results['machine']['cores']} "
                  "cores): the preview runs probes side by side and the hand sequence does not, so contention "
                  "weighs on A more than on B. Re-run on a quiet machine before reading the ratio.", ""]
    lines += _previewed(results["summary"])
    return lines


def _previewed(summary):
    tf, k8s = summary["terraform"], summary["kubernetes"]
    releases = "; ".join(f"{r['deployment']} {r['from']} → {r['to']}" for r in summary["releases"]) or "none"
    return ["What the preview found (the same in every round; checked each time): "
            f"Terraform {tf['create']} to add, {tf['update']} to change, {tf['replace']} to replace, {tf['delete']} to destroy; "
            f"Kubernetes {k8s['create']} to create, {k8s['change']} to change, {k8s['unchanged']} unchanged; "
            f"releases: {releases}; {summary['notPreviewed']} steps not previewed (checks, approval, run steps).", ""]


def _rounds(results):
    preview, hand = _totals(results)
    lines = ["## Each round", "",
             "| round | first | load (1 min) at start | A: preview | B: by hand | A / B | `bosun plan` without --live |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    for i, (p, h) in enumerate(zip(preview, hand)):
        first = "A" if results["orders"][i] == "preview" else "B"
        lines.append(f"| {i + 1} | {first} | {results['round_loads'][i][0]:.2f} | {_t(p)} | {_t(h)} | {p / h:.2f} | "
                     f"{_t(results['dry'][i])} |")
    return lines + [""]


def _where(results):
    commands, runs = results["hand_commands"], results["hand"]
    per_command = [[run["each"][i] for run in runs] for i in range(len(commands))]
    median = lambda values: statistics.median(values)
    by_tool = {}
    for command, samples in zip(commands, per_command):
        by_tool.setdefault(command["tool"], []).append(samples)
    tool_totals = {tool: median([sum(round_) for round_ in zip(*lists)]) for tool, lists in by_tool.items()}
    hand_median = median([run["total"] for run in runs])
    preview_median = median(results["preview"])
    terraform = tool_totals.get("terraform", 0.0)
    lines = ["## Where the time goes", "",
             "Each command of the hand sequence (B), in the order it runs, over the rounds:", "",
             "| # | command | median | min | max | share of B |", "| ---: | --- | ---: | ---: | ---: | ---: |"]
    for i, (command, samples) in enumerate(zip(commands, per_command)):
        lines.append(f"| {i + 1} | {command['label']} | {_t(median(samples))} | {_t(min(samples))} | {_t(max(samples))} | "
                     f"{median(samples) / hand_median * 100:.0f}% |")
    lines += ["", "| tool | commands | median of their sum per round | share of B |", "| --- | ---: | ---: | ---: |"]
    for tool, lists in by_tool.items():
        lines.append(f"| {tool} | {len(lists)} | {_t(tool_totals[tool])} | {tool_totals[tool] / hand_median * 100:.0f}% |")
    # What queues on the folder's state lock in a run and in the preview: init and the plans.
    locked = sum(median(samples) for command, samples in zip(commands, per_command)
                 if command["label"].startswith(("terraform init", "terraform plan")))
    lines += ["",
              f"The preview runs one `terraform plan` at a time per folder, as a run does (they share its state lock); "
              f"each target's `terraform show -json` (it reads the plan file and takes no lock) and the kubectl probes "
              f"run beside them. `terraform init` and the plans take {_t(locked)} in B: about the least the preview "
              f"can take here. The preview took {_t(preview_median)} ({_t(preview_median - locked)} more), of which "
              f"loading and compiling the plan (`bosun plan --format json` without `--live`, every round after the "
              f"preview) is {_t(median(results['dry']))}. The timeline below shows the rest.", ""]
    return lines + _timeline(results["trace"])


def _timeline(trace):
    """One extra preview with logging wrappers: when each command ran, and the parts of the wall time."""
    rows, total = trace["commands"], trace["seconds"]
    terraform = [r for r in rows if r["command"].startswith("terraform")]
    init = next((r for r in terraform if " init" in r["command"]), terraform[0] if terraform else None)
    lines = ["## The preview's own timeline", "",
             f"One more `bosun plan --live`, not counted above, with terraform and kubectl behind wrappers on PATH "
             f"that log when each command starts and ends (a few ms each); it took {_t(total)}. Seconds from the "
             "start of `bosun`:", ""]
    if init:
        # The commands that queue on the state lock; each `show` runs beside the next plan.
        chain = [r for r in terraform if r["start"] >= init["start"] and " show" not in r["command"]]
        shows = [r for r in terraform if " show" in r["command"]]
        gaps = [b["start"] - a["end"] for a, b in zip(chain, chain[1:])]
        last = max(r["end"] for r in rows)
        lines += ["| part | seconds |", "| --- | ---: |",
                  f"| start-up, loading and compiling, until the first command | {_t(rows[0]['start'])} |",
                  f"| first command until `terraform init` starts (what ran before it: {', '.join(r['command'] for r in rows if r['start'] < init['start']) or 'nothing'}) | "
                  f"{_t(init['start'] - rows[0]['start'])} |",
                  f"| `terraform init` and the plans, one after another ({len(chain)} commands; their own time {_t(sum(r['end'] - r['start'] for r in chain))}, "
                  f"gaps between them {_t(sum(gaps))}, the longest {_t(max(gaps, default=0))}; {len(shows)} `terraform show -json` beside them, "
                  f"{_t(sum(r['end'] - r['start'] for r in shows))} in all) | {_t(chain[-1]['end'] - init['start'])} |",
                  f"| after the last plan, until the last command ends | {_t(last - chain[-1]['end'])} |",
                  f"| after the last command, until `bosun` exits (reading the probes' output, the report) | {_t(total - last)} |",
                  ""]
    lines += ["| start | end | seconds | command |", "| ---: | ---: | ---: | --- |"]
    lines += [f"| {r['start']:.3f} | {r['end']:.3f} | {r['end'] - r['start']:.3f} | `{r['command']}` |" for r in rows]
    return lines + [""]


def _commands(results):
    lines = ["## Commands", "",
             f"Set-up, not timed: plans/ecotrack copied to `$W` (without Terraform state or .terraform), "
             f"`bosun sandbox start` there, then `bosun apply plans/ecotrack/ecotrack.yaml "
             f"--env local --yes --set domain=ecotrack.localhost:PORT --set version=v1.2.0` "
             f"({results['deploy_seconds']:.1f} s). Every command has PATH and TF_CLI_CONFIG_FILE of "
             "`make terraform-tools` and `BOSUN_STATE_DIR=$W/.bosun`.", "",
             "```sh", "# (A), from $W", results["preview_command"],
             "# loading and compiling only (diagnostic), from $W", results["dry_command"],
             f"# (B), from {results['cwd']}, one after another; the list comes from `bosun plan --format json`"]
    lines += [command["display"] for command in results["hand_commands"]]
    return lines + ["```", ""]
