#!/usr/bin/env python3
"""The live preview's benchmark: `bosun plan --live` of the main example plan against the
read-only commands it runs, typed by hand one after another (`terraform plan` and `show -json`
per target, `kubectl diff` per manifest, …), in interleaved rounds. Goal: the preview's wall
time is at most the hand sequence's. Writes Benchmarks/PREVIEW.md.

Set-up (not timed): plans/ecotrack copied into a temporary folder, a sandbox started there and
release v1.2.0 deployed, so the preview of v1.3.0 has a real cluster and Terraform state to
compare with. Needs Terraform 1.0.3 and the null provider (`make terraform-tools`) and kubectl.

  preview.py [--bosun .build-bench/release/bosun] [--rounds 5] [--out Benchmarks/PREVIEW.md] [--keep]
"""
import argparse
import datetime
import json
import os
import pathlib
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from dagkit import commandtrace, handrun, machine, preview_report, timing

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
PLAN = "plans/ecotrack/ecotrack.yaml"
DEPLOYED, PREVIEWED = "v1.2.0", "v1.3.0"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bosun", default=str(REPO / ".build-bench/release/bosun"))
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (after one untimed warm-up of each)")
    parser.add_argument("--out", default=str(HERE / "PREVIEW.md"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (plan copy, outputs)")
    args = parser.parse_args()

    bosun = str(pathlib.Path(args.bosun).absolute())
    if not os.access(bosun, os.X_OK):
        sys.exit(f"{bosun} is not an executable: build it (`swift build -c release --product bosun "
                 "--scratch-path .build-bench`, as `make bench` does) or pass --bosun")
    terraform_home = pathlib.Path(os.environ.get("XDG_CACHE_HOME", pathlib.Path.home() / ".cache")) / "bosun" / "terraform"
    if not (terraform_home / "terraformrc").exists():
        sys.exit(f"{terraform_home}/terraformrc is missing: run `make terraform-tools` (Terraform 1.0.3, offline null provider)")
    work = pathlib.Path(tempfile.mkdtemp(prefix="bosun-preview-"))
    environment = {**os.environ,
                   "PATH": f"{terraform_home / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
                   "TF_CLI_CONFIG_FILE": str(terraform_home / "terraformrc"),
                   # The copy is in no repository: keep every command's state (the sandbox's too) in one folder.
                   "BOSUN_STATE_DIR": str(work / ".bosun")}
    workspace = {"bosun": bosun, "work": work, "environment": environment}
    results = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine.describe(bosun),
        "tools": {"terraform": _first_line(["terraform", "version"], environment),
                  "kubectl": _first_line(["kubectl", "version", "--client"], environment)},
        "load_before": timing.load_average(),
    }
    try:
        results.update(set_up(workspace))
        results.update(measure(workspace, args.rounds))
        results["trace"] = trace(workspace)
    finally:
        stop_sandbox(workspace)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["load_after"] = timing.load_average()
    text = preview_report.markdown(results).replace(str(work), "$W").replace(str(REPO) + "/", "")
    pathlib.Path(args.out).write_text(text)
    print(text)
    if args.keep:
        print(f"kept {work}", file=sys.stderr)


def set_up(workspace):
    """Copies the plan, starts a sandbox, deploys the release the preview compares with, and
    reads the plan document that the hand sequence is derived from."""
    work = workspace["work"]
    shutil.copytree(REPO / "plans/ecotrack", work / "plans/ecotrack",
                    ignore=shutil.ignore_patterns(".terraform", "terraform.tfstate*", ".terraform.lock.hcl"))
    workspace["started"] = True  # stopped at the end even when the start itself fails half-way
    bosun(workspace, ["sandbox", "start", "--ready-delay", "0.3"])
    port = json.loads((work / ".bosun/sandbox/server.json").read_text())["port"]
    workspace["sets"] = ["--set", f"domain=ecotrack.localhost:{port}"]
    print(f"set-up: deploying {DEPLOYED} into the sandbox on port {port}", flush=True)
    began = time.perf_counter()
    bosun(workspace, ["apply", PLAN, "--env", "local", "--yes", *workspace["sets"], "--set", f"version={DEPLOYED}"])
    deployed = time.perf_counter() - began
    workspace["dry"] = [workspace["bosun"], "plan", PLAN, "--env", "local", *workspace["sets"],
                        "--set", f"version={PREVIEWED}", "--format", "json"]
    workspace["preview"] = workspace["dry"][:5] + ["--live"] + workspace["dry"][5:]
    document = json.loads(bosun(workspace, workspace["dry"][1:]))
    workspace["plan"] = document
    workspace["hand"] = handrun.commands(document, work / "hand")
    handrun.prepare(workspace["hand"])
    return {"deploy_seconds": deployed, "port": port}


def measure(workspace, rounds):
    """One untimed warm-up of each (which also checks both), then `rounds` rounds, the order
    alternating: the preview first in odd rounds, the hand sequence first in even ones."""
    preview_runs, hand_runs, dry_runs, loads, orders = [], [], [], [], []
    print("warm-up: preview, then by hand (not timed)", flush=True)
    first_report = run_preview(workspace)["report"]
    check_by_hand(workspace, run_by_hand(workspace))
    for r in range(rounds):
        order = ["preview", "hand"] if r % 2 == 0 else ["hand", "preview"]
        loads.append(timing.load_average())
        orders.append(order[0])
        for which in order:
            if which == "preview":
                preview_runs.append(run_preview(workspace)["seconds"])
                dry_runs.append(run_dry(workspace))
            else:
                hand_runs.append(run_by_hand(workspace))
        print(f"round {r + 1}/{rounds} ({order[0]} first): preview {preview_runs[-1]:.3f} s, "
              f"by hand {hand_runs[-1]['total']:.3f} s, load {loads[-1][0]:.2f}", flush=True)
    return {
        "rounds": rounds, "preview": preview_runs, "hand": hand_runs, "dry": dry_runs,
        "round_loads": loads, "orders": orders,
        "preview_command": shlex.join(workspace["preview"]), "dry_command": shlex.join(workspace["dry"]),
        "hand_commands": [{"label": c.label, "tool": c.tool, "step": c.step, "display": c.display()}
                          for c in workspace["hand"]],
        "cwd": workspace["plan"]["workingDirectory"],
        "summary": first_report["summary"],
    }


def run_preview(workspace):
    """(A) `bosun plan --live --format json`: exit 0, a complete report that shows the release's change."""
    began = time.perf_counter()
    done = subprocess.run(workspace["preview"], cwd=workspace["work"], env=workspace["environment"],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(f"{shlex.join(workspace['preview'])}: exit status {done.returncode}\n{done.stderr}{done.stdout[-3000:]}")
    report = json.loads(done.stdout)
    releases = report["summary"]["releases"]
    moved = any(r["from"].endswith(":" + DEPLOYED) and r["to"].endswith(":" + PREVIEWED) for r in releases)
    if not (report["schema"] == "bosun.preview/v1" and report["complete"] and report["changes"] and moved):
        raise RuntimeError(f"the preview does not show user-service moving {DEPLOYED} → {PREVIEWED}: "
                           f"{json.dumps(report['summary'])} problems: {report['problems']}")
    return {"seconds": seconds, "report": report}


def trace(workspace):
    """One more preview, not timed with the others: terraform and kubectl behind logging wrappers,
    to show when each probe ran and what lies on the critical path."""
    environment, log = commandtrace.wrap(["terraform", "kubectl"], workspace["work"] / "trace", workspace["environment"])
    started = time.time()
    seconds = run_preview({**workspace, "environment": environment})["seconds"]
    return {"seconds": seconds, "commands": commandtrace.read(log, started)}


def run_dry(workspace):
    """`bosun plan --format json` without --live: loading and compiling the plan, the part of the
    preview's time that is Bosun's own before any probe runs (diagnostic, not part of the goal)."""
    began = time.perf_counter()
    bosun(workspace, workspace["dry"][1:])
    return time.perf_counter() - began


def run_by_hand(workspace):
    """(B) The same read-only work, one command after another."""
    return handrun.run(workspace["hand"], workspace["plan"]["workingDirectory"], workspace["environment"])


def check_by_hand(workspace, run):
    """The hand sequence sees the release's change too: a `kubectl diff` that exits 1 (differences)
    with the new image in its output."""
    image = f"registry/user-service:{PREVIEWED}"
    changed = [c for c, status in zip(workspace["hand"], run["statuses"])
               if status == 1 and "diff" in c.argv and image in pathlib.Path(c.stdout).read_text()]
    if not changed:
        raise RuntimeError(f"no kubectl diff of the hand sequence shows {image}")


def bosun(workspace, arguments):
    argv = [workspace["bosun"], *arguments]
    done = subprocess.run(argv, cwd=workspace["work"], env=workspace["environment"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{shlex.join(argv)}: exit status {done.returncode}\n{done.stdout[-3000:]}{done.stderr}")
    return done.stdout


def stop_sandbox(workspace):
    """`bosun sandbox stop`; if the server is still there after it, its pid gets SIGTERM."""
    if not workspace.get("started"):
        return
    server = workspace["work"] / ".bosun/sandbox/server.json"
    pid = json.loads(server.read_text())["pid"] if server.exists() else None
    subprocess.run([workspace["bosun"], "sandbox", "stop"], cwd=workspace["work"], env=workspace["environment"],
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if pid and server.exists():
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass


def _first_line(argv, environment):
    try:
        done = subprocess.run(argv, env=environment, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else "unknown"


if __name__ == "__main__":
    main()
