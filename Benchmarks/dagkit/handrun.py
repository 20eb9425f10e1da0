"""The read-only work of `bosun plan --live`, typed by hand: one command after another, as a
release engineer would run it. The commands come from `bosun plan --format json` (the exact argv
each step of a run starts), so the hand sequence reads the same folders, var file, kubeconfig,
namespace and rendered manifests as the preview:

  connect          the provider's connect and health commands, into a private kubeconfig
  terraform-init   terraform init
  terraform        terraform plan -target=X … -out=FILE, then terraform show -json FILE
  namespace        kubectl get namespace NAME -o json
  apply            kubectl diff --server-side --force-conflicts -f PATH (a rendered manifest on stdin)
  rollout          kubectl get deployment NAME -n NS -o json

Every command's standard output goes to a file, as the preview writes each probe's output.
"""
import dataclasses
import pathlib
import re
import shlex
import subprocess
import time

# The order an engineer works through the plan: connect, Terraform, then the cluster's objects.
KIND_ORDER = ["connect", "terraform-init", "terraform", "namespace", "apply", "kustomize", "rollout"]


@dataclasses.dataclass
class HandCommand:
    """One command of the hand sequence: what it runs, where its output goes, which exit statuses are success."""
    step: str
    label: str
    argv: list
    stdout: str
    stdin: str = None  # a file, written by `prepare`
    stdin_text: str = None
    environment: dict = dataclasses.field(default_factory=dict)
    ok: tuple = (0,)
    expect_output: str = None

    @property
    def tool(self):
        return pathlib.Path(self.argv[0]).name

    def display(self):
        words = [f"{k}={shlex.quote(v)}" for k, v in sorted(self.environment.items())] + [shlex.join(self.argv)]
        if self.stdin is not None:
            words.append(f"< {shlex.quote(self.stdin)}")
        return " ".join(words) + f" > {shlex.quote(self.stdout)}"


def commands(plan, folder):
    """The hand sequence for a plan document (`bosun plan --format json`); `folder` stands for the
    run folder (the private kubeconfig, Terraform's plan files, every command's output)."""
    folder = str(folder)
    run_folder = plan.get("runDirectory", "<run>")
    steps = sorted(enumerate(plan["steps"]),
                   key=lambda item: (KIND_ORDER.index(item[1]["kind"]) if item[1]["kind"] in KIND_ORDER else len(KIND_ORDER),
                                     item[1].get("level", 0), item[0]))
    sequence = []
    for _, step in steps:
        build = _BUILDERS.get(step["kind"])
        if build:
            sequence += build(_in_folder(step, run_folder, folder), plan, folder)
    for i, command in enumerate(sequence):
        if not command.stdout:
            command.stdout = f"{folder}/out/{i + 1:02d}-{_file_name(command.label)}.out"
    return sequence


def prepare(sequence):
    """Untimed: the folders the commands write into, and each rendered manifest as a file (an
    engineer renders it once, with sed or envsubst)."""
    for command in sequence:
        pathlib.Path(command.stdout).parent.mkdir(parents=True, exist_ok=True)
        for word in command.argv:
            if word.startswith("-out="):
                pathlib.Path(word[5:]).parent.mkdir(parents=True, exist_ok=True)
        if command.stdin is not None:
            pathlib.Path(command.stdin).parent.mkdir(parents=True, exist_ok=True)
            pathlib.Path(command.stdin).write_text(command.stdin_text)


def run(sequence, cwd, environment):
    """Runs the sequence one command after another. Returns the whole sequence's wall time,
    each command's in seconds and each exit status; raises at the first command that fails."""
    each, statuses = [], []
    start = time.perf_counter()
    for command in sequence:
        began = time.perf_counter()
        with open(command.stdout, "wb") as out, open(command.stdin or "/dev/null", "rb") as stdin:
            done = subprocess.run(command.argv, cwd=cwd, env={**environment, **command.environment},
                                  stdin=stdin, stdout=out, stderr=subprocess.PIPE)
        each.append(time.perf_counter() - began)
        statuses.append(done.returncode)
        if done.returncode not in command.ok:
            raise RuntimeError(f"{command.display()}: exit status {done.returncode}\n{done.stderr.decode(errors='replace')}")
        if command.expect_output is not None and pathlib.Path(command.stdout).read_text().strip() != command.expect_output:
            raise RuntimeError(f"{command.display()}: expected {command.expect_output!r}")
    return {"total": time.perf_counter() - start, "each": each, "statuses": statuses}


def _connect(step, plan, folder):
    sequence = []
    for command in _execs(step):
        argv = command["argv"]
        at = argv.index("--kubeconfig") if "--kubeconfig" in argv else len(argv)
        label = "connect: " + shlex.join(argv[:at] + argv[at + 2:])
        sequence.append(HandCommand(step["id"], label, command["argv"], command.get("stdoutFile"),
                                    environment=command.get("environment", {}), expect_output=command.get("expectOutput")))
    return sequence


def _terraform_init(step, plan, folder):
    command = _execs(step)[0]
    return [HandCommand(step["id"], "terraform init", command["argv"], None, environment=command.get("environment", {}))]


def _terraform(step, plan, folder):
    """The run's own `terraform plan` (its -out= under the folder), then `terraform show -json` of it."""
    plan_command = _execs(step)[0]
    address, directory = step["intent"]["terraform"]["address"], step["intent"]["terraform"]["dir"]
    out = next(w[5:] for w in plan_command["argv"] if w.startswith("-out="))
    environment = plan_command.get("environment", {})
    show = ["terraform", f"-chdir={directory}", "show", "-json", "-no-color", out]
    return [HandCommand(step["id"], f"terraform plan -target={address}", plan_command["argv"], None, environment=environment),
            HandCommand(step["id"], f"terraform show -json ({address})", show, None, environment=environment)]


def _namespace(step, plan, folder):
    name = step["intent"]["namespace"]["name"]
    argv = ["kubectl", "--kubeconfig", _kubeconfig(step), "get", "namespace", name, "-o", "json"]
    return [HandCommand(step["id"], f"kubectl get namespace {name}", argv, None)]


def _apply(step, plan, folder):
    """The step's `kubectl apply` turned into `kubectl diff --server-side --force-conflicts`;
    kubectl diff exits 1 when something differs."""
    apply = next(c for c in _execs(step) if "apply" in c["argv"])
    argv = list(apply["argv"])
    argv[argv.index("apply")] = "diff"
    argv += ["--server-side", "--force-conflicts"]
    paths = step["intent"].get("apply", {}).get("paths", [])
    stdin, text = None, None
    if "-f" in argv and argv[argv.index("-f") + 1] == "-":
        # The rendered manifest as the plan document carries it, else rendered here.
        stdin = f"{folder}/rendered/{_file_name(step['id'])}.yaml"
        text = apply.get("stdin") if apply.get("stdin") is not None else _render(paths, plan)
    target = " ".join(paths) or step["id"]
    return [HandCommand(step["id"], f"kubectl diff {target}", argv, None, stdin=stdin, stdin_text=text, ok=(0, 1))]


def _rollout(step, plan, folder):
    rollout = step["intent"]["rollout"]
    rollout = rollout.get("_0", rollout)  # the document keeps the intent's one unnamed value under "_0"
    name, namespace = rollout["deployment"]["name"], rollout["deployment"]["namespace"]
    argv = ["kubectl", "--kubeconfig", _kubeconfig(step), "get", "deployment", name, "-n", namespace, "-o", "json"]
    return [HandCommand(step["id"], f"kubectl get deployment {name}", argv, None)]


_BUILDERS = {"connect": _connect, "terraform-init": _terraform_init, "terraform": _terraform,
             "namespace": _namespace, "apply": _apply, "kustomize": _apply, "rollout": _rollout}


def _execs(step):
    return [c for c in step["commands"] if c.get("type") == "exec"]


def _kubeconfig(step):
    argv = _execs(step)[0]["argv"]
    return argv[argv.index("--kubeconfig") + 1]


def _in_folder(value, run_folder, folder):
    """A part of the plan document with the run folder (`…/runs/<run>`) replaced by `folder`."""
    if isinstance(value, str):
        return value.replace(run_folder, folder)
    if isinstance(value, list):
        return [_in_folder(v, run_folder, folder) for v in value]
    if isinstance(value, dict):
        return {k: _in_folder(v, run_folder, folder) for k, v in value.items()}
    return value


def _render(paths, plan):
    """Only when the plan document leaves a rendered manifest out: the files of each path, joined
    as one YAML stream, with ${name} replaced by the plan's variables."""
    root = pathlib.Path(plan["workingDirectory"])
    files = []
    for path in paths:
        target = root / path
        files += sorted(p for p in target.iterdir() if p.suffix in (".yaml", ".yml", ".json")) if target.is_dir() else [target]
    text = "\n---\n".join(f.read_text() for f in files)
    return re.sub(r"\$\{(\w+)\}", lambda m: plan["variables"].get(m.group(1), m.group(0)), text)


def _file_name(label):
    return re.sub(r"[^A-Za-z0-9.=-]+", "_", label).strip("_")[:60]
