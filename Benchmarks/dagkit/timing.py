"""Wall-clock timing of whole commands, context switches and peak memory.

The machine may be shared (other builds on the same 2 cores), so the commands being compared
are measured in interleaved rounds: each round runs hyperfine on all of them with a few runs
each, and the times of all rounds are pooled. Without hyperfine, a plain loop does the same.
"""
import json
import os
import shlex
import re
import shutil
import statistics
import subprocess
import tempfile
import time


def compare(commands, rounds, runs, warmup=1):
    """commands: {label: shell command}. Returns {label: [seconds, …]} pooled over rounds."""
    times = {label: [] for label in commands}
    for _ in range(rounds):
        if shutil.which("hyperfine"):
            _hyperfine_round(commands, runs, warmup, times)
        else:
            _loop_round(commands, runs, warmup, times)
    return times


def one_round(commands, runs, warmup=1):
    """commands: {label: argv list}. One round of `runs` runs each (after `warmup`), started
    without a shell (hyperfine --shell=none), so a few-millisecond command is timed as itself.
    Returns {label: [seconds, …]}."""
    times = {label: [] for label in commands}
    words = {label: shlex.join(argv) for label, argv in commands.items()}
    if shutil.which("hyperfine"):
        _hyperfine_round(words, runs, warmup, times, ["--shell=none"])
    else:
        _loop_round(words, runs, warmup, times)
    return times


def _hyperfine_round(commands, runs, warmup, times, extra=()):
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        argv = ["hyperfine", "--style", "none", "--runs", str(runs), "--warmup", str(warmup),
                "--export-json", export.name, *extra]
        for label, command in commands.items():
            argv += ["--command-name", label, command]
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:  # its warnings (outliers, a slow first run) are left out otherwise
            raise RuntimeError(f"hyperfine failed ({done.returncode}): {done.stderr.strip()}")
        for result in json.load(open(export.name))["results"]:
            times[result["command"]] += result["times"]


def _loop_round(commands, runs, warmup, times):
    for label, command in commands.items():
        for i in range(warmup + runs):
            start = time.perf_counter()
            subprocess.run(command, shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if i >= warmup:
                times[label].append(time.perf_counter() - start)


def summary(samples):
    """Median, min, max and the relative spread (max-min)/median of a list of seconds."""
    median = statistics.median(samples)
    return {"median": median, "min": min(samples), "max": max(samples), "n": len(samples),
            "spread": (max(samples) - min(samples)) / median if median else 0.0}


def time_and_memory(argv, timeout, memory_limit_bytes):
    """One run under GNU time -v: wall seconds and peak RSS in MiB, or the reason it stopped."""
    limited = ["prlimit", f"--as={memory_limit_bytes}", "--"] if shutil.which("prlimit") else []
    full = ["/usr/bin/time", "-v"] + limited + argv
    try:
        done = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout:g} s"}
    report = done.stderr
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1))
    wall = _elapsed_seconds(re.search(r"Elapsed \(wall clock\) time.*: (\S+)", report).group(1))
    if done.returncode != 0:
        return {"error": f"exit status {done.returncode} after {wall:.1f} s, peak RSS {rss_kb / 1024:.0f} MiB"}
    return {"seconds": wall, "rss_mib": rss_kb / 1024}


def _elapsed_seconds(text):
    seconds = 0.0
    for part in text.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def switch_counter():
    """How context switches are counted: `perf stat -e context-switches` (every task of the
    process tree, counted by the kernel) when perf works here, else GNU time's voluntary +
    involuntary counts (getrusage of the command and the descendants it waited for)."""
    if shutil.which("perf"):
        try:
            done = subprocess.run(["perf", "stat", "-x,", "-e", "context-switches", "--", "true"],
                                  capture_output=True, text=True, timeout=30)
            if done.returncode == 0 and re.search(r"^\d+,,context-switches", done.stderr, re.MULTILINE):
                return "perf"
        except (OSError, subprocess.TimeoutExpired):
            pass
    return "time" if os.access("/usr/bin/time", os.X_OK) else None


def count_switches(argv, method):
    """One run of argv: {"switches": context switches of the whole tree, "cpu_ms": CPU time}."""
    if method == "perf":
        with tempfile.NamedTemporaryFile(suffix=".csv") as out:
            subprocess.run(["perf", "stat", "-x,", "-e", "context-switches,task-clock", "-o", out.name, "--"] + argv,
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            text = open(out.name).read()
        switches = int(re.search(r"^(\d+),[^,]*,context-switches", text, re.MULTILINE).group(1))
        cpu_ms = float(re.search(r"^([\d.]+),msec,task-clock", text, re.MULTILINE).group(1))
        return {"switches": switches, "cpu_ms": cpu_ms}
    done = subprocess.run(["/usr/bin/time", "-v"] + argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, check=True)
    field = lambda name: re.search(name + r": ([\d.]+)", done.stderr).group(1)
    return {"switches": int(field("Voluntary context switches")) + int(field("Involuntary context switches")),
            "cpu_ms": (float(field(r"User time \(seconds\)")) + float(field(r"System time \(seconds\)"))) * 1000}


def load_average():
    return os.getloadavg()
