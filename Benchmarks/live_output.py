#!/usr/bin/env python3
"""Scheduler overhead with the live terminal output on: `bosun apply --concurrency 16 --yes` of the
2,000-step deployment DAG (generate.py deployment) run on a pseudo-terminal, so that Bosun draws
its status area and grouped output, beside the same run with output to /dev/null (no terminal:
the plain lines, as in run.py) and `ninja -j16`, in interleaved rounds. Prints (and with --out
writes) the medians, the ratios to ninja and each round's load average.

  live_output.py [--bosun .build-bench/release/bosun] [--rounds 5] [--runs 3] [--steps 2000] [--out FILE]
"""
import argparse
import datetime
import fcntl
import os
import pathlib
import pty
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import time

from dagkit import timing

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bosun", default=str(REPO / ".build-bench/release/bosun"))
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command per round")
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=16)
    parser.add_argument("--columns", type=int, default=120, help="the pseudo-terminal's width")
    parser.add_argument("--rows", type=int, default=40, help="the pseudo-terminal's height")
    parser.add_argument("--out", help="also write the report here (markdown)")
    args = parser.parse_args()
    bosun = str(pathlib.Path(args.bosun).resolve())
    if not os.access(bosun, os.X_OK):
        sys.exit(f"{bosun} is not an executable: swift build -c release --product bosun --scratch-path .build-bench")
    if not shutil.which("ninja"):
        sys.exit("ninja is not on PATH")

    work = pathlib.Path(tempfile.mkdtemp(prefix="bosun-tty-bench-"))
    try:
        folder = work / "deployment"
        subprocess.run([sys.executable, str(HERE / "generate.py"), "deployment", "--steps", str(args.steps),
                        "--out", str(folder)], check=True, stdout=subprocess.DEVNULL)
        commands = {
            "bosun, on a terminal": ("tty", apply_argv(bosun, folder, args.jobs, work / "state-tty")),
            "bosun, no terminal": ("plain", apply_argv(bosun, folder, args.jobs, work / "state-plain")),
            "ninja": ("plain", ["ninja", "-C", str(folder), f"-j{args.jobs}"]),
        }
        report = measure(commands, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = markdown(report, args, bosun)
    print(text)
    if args.out:
        pathlib.Path(args.out).write_text(text)


def apply_argv(bosun, folder, jobs, state):
    return [bosun, "apply", f"{folder}/plan.yaml", "--env", "bench", "--concurrency", str(jobs), "--yes",
            "--state-dir", str(state), "--providers", str(REPO / "providers")]


def measure(commands, args):
    """One warm-up run of each command, then `rounds` rounds of `runs` runs of each, one of each
    command in turn, their order reversed every other round; every run must exit 0."""
    for label, (mode, argv) in commands.items():
        run_once(mode, argv, args)
    times = {label: [] for label in commands}
    written = []
    loads = []
    for r in range(args.rounds):
        loads.append(os.getloadavg())
        order = list(commands.items())
        if r % 2:
            order.reverse()
        for _ in range(args.runs):  # one run of each command in turn: drift reaches all alike
            for label, (mode, argv) in order:
                seconds, size = run_once(mode, argv, args)
                times[label].append(seconds)
                if mode == "tty":
                    written.append(size)
        print(f"round {r + 1}/{args.rounds}: " + ", ".join(
            f"{label} {median(times[label][-args.runs:]):.3f} s" for label in commands), flush=True)
    return {"times": times, "loads": loads, "written": written}


def median(samples):
    return timing.summary(samples)["median"]


def run_once(mode, argv, args):
    """Wall seconds of one run (to its exit and, on a terminal, its last byte), and the bytes it
    wrote to the terminal."""
    if mode == "plain":
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - started, 0
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", args.rows, args.columns, 0, 0))
    environment = dict(os.environ, TERM="xterm-256color")
    environment.pop("NO_COLOR", None)
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=environment)
    os.close(slave)
    size = 0
    try:
        while True:  # read and drop it, as fast as a terminal would take it
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: bosun closed the terminal
                break
            if not chunk:
                break
            size += len(chunk)
    finally:
        os.close(master)
    status = process.wait()
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} exited {status} on the terminal")
    return seconds, size


def markdown(report, args, bosun):
    stats = {label: timing.summary(samples) for label, samples in report["times"].items()}
    ninja = stats["ninja"]["median"]
    lines = [
        f"# Scheduler overhead with the live terminal output ({datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC)",
        "",
        f"`{pathlib.Path(bosun).name} apply --concurrency {args.jobs} --yes` of the {args.steps}-step deployment DAG, "
        f"{args.rounds} interleaved rounds of {args.runs} runs; the terminal is a {args.columns}x{args.rows} pseudo-terminal "
        "read as fast as it is written. Goal: bosun ≤ 1.05x ninja.",
        "",
        "| command | median | min | max | spread | ratio to ninja |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, s in stats.items():
        lines.append(f"| {label} | {s['median']:.3f} s | {s['min']:.3f} s | {s['max']:.3f} s | {s['spread']:.0%} | "
                     f"{s['median'] / ninja:.2f}x |")
    tty, plain = stats["bosun, on a terminal"]["median"], stats["bosun, no terminal"]["median"]
    written = report["written"]
    lines += [
        "",
        f"On a terminal / no terminal: {tty / plain:.3f}x ({(tty - plain) * 1000:+.0f} ms). "
        f"Bytes written to the terminal per run: median {timing.summary(written)['median'] / 1024:.0f} KiB.",
        "",
        "Load average (1, 5, 15 min) at each round's start: "
        + "; ".join(f"round {i + 1}: {a:.2f} {b:.2f} {c:.2f}" for i, (a, b, c) in enumerate(report["loads"])) + ".",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
