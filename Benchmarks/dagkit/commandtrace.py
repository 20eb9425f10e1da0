"""When each command of a process tree started and ended: wrappers put first on PATH for named
programs, each logging its start, its end and its arguments. A diagnostic (each wrapper adds a
shell and two `date` runs, a few milliseconds): runs traced this way are not the timed ones."""
import pathlib
import shlex
import shutil

WRAPPER = """#!/bin/sh
start=$(date +%s.%N)
{real} "$@"
status=$?
printf '%s %s %s\\n' "$start" "$(date +%s.%N)" {name}' '"$*" >> {log}
exit $status
"""


def wrap(programs, folder, environment):
    """Writes a wrapper for each program into `folder`; returns the environment that puts them
    first on PATH, and the log they append to."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "commands.log"
    log.write_text("")
    for name in programs:
        real = shutil.which(name, path=environment.get("PATH"))
        if real is None:
            raise RuntimeError(f"{name} is not on PATH")
        wrapper = folder / name
        wrapper.write_text(WRAPPER.format(real=shlex.quote(real), name=shlex.quote(name), log=shlex.quote(str(log))))
        wrapper.chmod(0o755)
    return {**environment, "PATH": f"{folder}:{environment.get('PATH', '')}"}, log


def read(log, started):
    """The logged commands by start time: [{"start", "end" (seconds after `started`, a time.time()), "command"}]."""
    rows = []
    for line in pathlib.Path(log).read_text().splitlines():
        start, end, command = line.split(" ", 2)
        rows.append({"start": float(start) - started, "end": float(end) - started, "command": _short(command)})
    return sorted(rows, key=lambda row: row["start"])


def _short(command):
    """Without the words every command repeats (kubeconfig, -chdir, -input, -no-color)."""
    words, out, skip = command.split(" "), [], False
    for word in words:
        if skip:
            skip = False
        elif word in ("--kubeconfig", "--namespace"):
            skip = True
        elif not (word.startswith("-chdir=") or word in ("-input=false", "-no-color", "-var-file=terraform.tfvars")
                  or word.startswith("-out=")):
            out.append(pathlib.Path(word).name if word.startswith("/") else word)
    text = " ".join(out)
    return text if len(text) <= 90 else text[:87] + "…"
