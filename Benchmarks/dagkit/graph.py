"""The DAG Bosun compiles from phases (mirrors Sources/PlanCompiler/GraphAssembler.swift):
per phase a start and an end barrier around its steps; a parallel phase's steps hang between
the two, a sequential one's form a chain; phase needs join an end barrier to a start barrier.

Node indices follow Bosun's (start, steps…, end per phase, in order), so `bosun graph --format
dot` names the same nodes n0, n1, … and the edge sets can be compared exactly.
"""
from dataclasses import dataclass


@dataclass
class Node:
    name: str          # n<index>: the target name in build.ninja and the Makefile
    step: object       # the shapes.Step, or None for a barrier


@dataclass
class Graph:
    nodes: list
    edges: set         # (dependency index, dependent index)

    @property
    def step_count(self):
        return sum(1 for n in self.nodes if n.step is not None)

    def dependencies(self):
        needs = [[] for _ in self.nodes]
        for a, b in sorted(self.edges):
            needs[b].append(a)
        return needs

    def sinks(self):
        has_dependents = {a for a, _ in self.edges}
        return [i for i in range(len(self.nodes)) if i not in has_dependents]

    def critical_path_seconds(self):
        """Longest path by the steps' durations (barriers take no time)."""
        needs = self.dependencies()
        finish = [0.0] * len(self.nodes)
        for i in _topological(needs):
            own = self.nodes[i].step.seconds if self.nodes[i].step else 0.0
            finish[i] = max((finish[a] for a in needs[i]), default=0.0) + own
        return max(finish, default=0.0)


def compile_phases(phases):
    nodes, edges, index, bounds = [], set(), {}, {}

    def add(step):
        nodes.append(Node(f"n{len(nodes)}", step))
        return len(nodes) - 1

    for phase in phases:
        start = add(None)
        previous, members = start, []
        for step in phase.steps:
            node = add(step)
            index[step.id] = node
            edges.add((start if phase.parallel else previous, node))
            previous = node
            members.append(node)
        end = add(None)
        for member in (members if phase.parallel else [previous]):
            edges.add((member, end))
        bounds[phase.name] = (start, end)
    for position, phase in enumerate(phases):
        needs = phase.needs if phase.needs is not None else ([phases[position - 1].name] if position else [])
        for need in needs:
            edges.add((bounds[need][1], bounds[phase.name][0]))
    for phase in phases:
        for step in phase.steps:
            for need in step.needs:
                source = bounds[need][1] if need in bounds else index[need]
                edges.add((source, index[step.id]))
    return Graph(nodes, edges)


def _topological(needs):
    remaining = [len(n) for n in needs]
    dependents = [[] for _ in needs]
    for b, deps in enumerate(needs):
        for a in deps:
            dependents[a].append(b)
    ready = [i for i, r in enumerate(remaining) if r == 0]
    while ready:
        i = ready.pop()
        yield i
        for b in dependents[i]:
            remaining[b] -= 1
            if remaining[b] == 0:
                ready.append(b)
