"""The DAGs the benchmarks run, described the way a plan author writes them: phases of steps.

A step is (id, argv, needs); a phase is parallel or sequential and may name the phases it waits
for. `graph.py` turns this into the node and edge lists Bosun compiles, so the three generated
files can be checked against each other.
"""
from dataclasses import dataclass, field


@dataclass
class Step:
    id: str
    argv: list
    needs: list = field(default_factory=list)
    seconds: float = 0.0  # how long the command takes, for the critical path


@dataclass
class Phase:
    name: str
    steps: list
    parallel: bool = True
    needs: list = None  # None: the previous phase (Bosun's default)


def noop(step_id, needs=()):
    return Step(step_id, ["true"], list(needs))


def sleeper(step_id, seconds, needs=()):
    return Step(step_id, ["sleep", f"{seconds:g}"], list(needs), seconds)


def deployment_shape(total):
    """A deployment-like DAG of `total` no-op steps: a wide phase, then a long chain beside a
    diamond lattice (both after the first phase), then another wide phase after both.

    Shares: 20% wide, 10% chain, 50% lattice (25 wide, each step needing two of the row
    before), 20% wide. The lattice takes whatever rounding leaves, so the total is exact.
    """
    wide_a, chain, wide_b = total // 5, total // 10, total // 5
    lattice = total - wide_a - chain - wide_b
    return [
        Phase("foundation", [noop(f"foundation-{i:05d}") for i in range(wide_a)]),
        Phase("migrations", _chain("migrations", chain), parallel=False, needs=["foundation"]),
        Phase("services", _lattice("services", lattice, width=25), needs=["foundation"]),
        Phase("verify", [noop(f"verify-{i:05d}") for i in range(wide_b)], needs=["migrations", "services"]),
    ]


def wide_shape(total):
    """`total` no-op steps in one parallel phase: nothing but fan-out and fan-in."""
    return [Phase("wide", [noop(f"wide-{i:05d}") for i in range(total)])]


def chain_shape(total):
    """`total` no-op steps in one sequential phase: each waits for the one before, so the wall
    time divided by `total` is the latency from one step's exit to the next step's start."""
    return [Phase("chain", _chain("chain", total), parallel=False)]


def single_shape():
    """One no-op step: what a run costs around its steps (start-up, compile, journal, exit)."""
    return [Phase("single", [noop("only")])]


def _chain(prefix, count):
    return [noop(f"{prefix}-{i:05d}") for i in range(count)]


def _lattice(prefix, count, width):
    """Rows of `width` steps; step i of a row needs steps i and i+1 (wrapping) of the row before:
    every pair of neighbouring rows is a band of diamonds."""
    steps = []
    for n in range(count):
        row, col = divmod(n, width)
        needs = []
        if row > 0:
            previous = (row - 1) * width
            needs = sorted({previous + col, previous + (col + 1) % width})
            needs = [f"{prefix}-{k:05d}" for k in needs if k < count]
        steps.append(noop(f"{prefix}-{n:05d}", needs))
    return steps


def makespan_shape(link=0.2, chain_length=8):
    """Sleep steps with one known longest path: a short wide phase, then one chain of
    `chain_length` x `link` seconds beside shorter chains and single longer steps, then a short
    wide phase. Critical path: 0.1 + chain_length * link + 0.1 seconds; at most 31 steps run at
    once, so a concurrency of 32 or more never delays a ready step."""
    rollout = []
    rollout += _sleep_chain("critical", chain_length, link)
    for c in range(6):
        rollout += _sleep_chain(f"branch{c}", chain_length // 2, link)
    rollout += [sleeper(f"single-{i:02d}", link * chain_length / 2) for i in range(24)]
    return [
        Phase("prepare", [sleeper(f"prepare-{i:02d}", 0.1) for i in range(20)]),
        Phase("rollout", rollout),
        Phase("verify", [sleeper(f"verify-{i:02d}", 0.1) for i in range(20)]),
    ]


def _sleep_chain(prefix, count, seconds):
    return [sleeper(f"{prefix}-{i:02d}", seconds, [f"{prefix}-{i - 1:02d}"] if i else [])
            for i in range(count)]
