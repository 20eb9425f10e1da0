"""Reads the edges back out of the generated files, so the benchmark can prove that Bosun, ninja
and make were given the same DAG: the plan's edges come from `bosun graph --format dot`."""
import re
import subprocess


def ninja_edges(text):
    edges = set()
    for line in text.splitlines():
        match = re.match(r"build (\S+): \S+(?: \| (.*))?$", line)
        if match:
            for dep in (match.group(2) or "").split():
                edges.add((dep, match.group(1)))
    return edges


def make_edges(text):
    edges = set()
    for line in text.splitlines():
        match = re.match(r"(n\d+):(.*)$", line)
        if match:
            for dep in match.group(2).split():
                edges.add((dep, match.group(1)))
    return edges


def dagrun_edges(text):
    """dag.txt's edges by node name (n<index>), as the other files name them."""
    lines = text.splitlines()
    nodes, _ = (int(x) for x in lines[1].split())
    return {(f"n{a}", f"n{b}") for a, b in (line.split() for line in lines[2 + nodes:])}


def bosun_edges(bosun, plan, providers, environment="bench"):
    dot = subprocess.run([bosun, "graph", plan, "--env", environment, "--format", "dot", "--providers", providers],
                         check=True, capture_output=True, text=True).stdout
    return {(a, b) for a, b in re.findall(r"^\s*(n\d+) -> (n\d+);", dot, re.MULTILINE)}


def compare(expected, found):
    """One line per file: its edge count and whether its edge set equals the generator's."""
    problems, lines = [], []
    for label, edges in found.items():
        same = edges == expected
        lines.append(f"{label}: {len(edges)} edges, {'same edges' if same else 'DIFFERENT edges'}")
        if not same:
            problems.append(f"{label}: {len(edges - expected)} extra, {len(expected - edges)} missing")
    return lines, problems
