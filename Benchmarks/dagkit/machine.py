"""What the results were measured on: cores, CPU, memory, kernel, tool versions."""
import os
import platform
import re
import subprocess


def describe(bosun, static=None):
    cpu = _first_match("/proc/cpuinfo", r"model name\s*:\s*(.+)") or platform.processor() or "unknown"
    mem_kb = int(_first_match("/proc/meminfo", r"MemTotal:\s*(\d+)") or 0)
    return {
        "cores": os.cpu_count(),
        "cpu": cpu.strip(),
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "kernel": platform.release(),
        "tools": {
            "bosun": _version([bosun, "--version"]) + _binary(bosun),
            "bosun (static)": (_version([static, "--version"]) + _binary(static)) if static else "not built",
            "swift": _version(["swift", "--version"]),
            "ninja": _version(["ninja", "--version"]),
            "make": _version(["make", "--version"]),
            "hyperfine": _version(["hyperfine", "--version"]),
            "python3": _version(["python3", "--version"]),
            "cc (the floor)": _version(["cc", "--version"]),
            "perf": _version(["perf", "--version"]),
        },
    }


def _first_match(path, pattern):
    try:
        match = re.search(pattern, open(path).read())
    except OSError:
        return None
    return match.group(1) if match else None


def _version(argv):
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0] if text else "unknown"


def _binary(path):
    """Its size and how many shared libraries the dynamic loader maps for it (ldd)."""
    try:
        size = os.path.getsize(path) / 1024 / 1024
        done = subprocess.run(["ldd", path], capture_output=True, text=True, timeout=30)
        libraries = sum(1 for line in done.stdout.splitlines() if "=>" in line or line.strip().startswith("/"))
        return f" ({size:.0f} MiB, {libraries} shared libraries)"
    except (OSError, subprocess.TimeoutExpired):
        return ""
