#!/usr/bin/env python3
"""Writes a benchmark DAG into a folder as plan.yaml (+ a dummy kubeconfig), build.ninja,
Makefile, dag.txt (the C floor's edge list) and dag.json (node, step and edge counts, critical
path), and with --check proves that the files describe the same edges.

  generate.py deployment --steps 2000 --out DIR [--check [--bosun PATH]]
  generate.py wide --steps 2000 --out DIR      (one parallel phase)
  generate.py chain --steps 500 --out DIR      (one sequential phase)
  generate.py single --out DIR                 (a plan of one step)
  generate.py makespan --out DIR [--check [--bosun PATH]]
"""
import argparse
import json
import pathlib
import sys

from dagkit import check, graph, shapes, writers


SHAPES = {
    "deployment": shapes.deployment_shape,
    "wide": shapes.wide_shape,
    "chain": shapes.chain_shape,
    "single": lambda _: shapes.single_shape(),
    "makespan": lambda _: shapes.makespan_shape(),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shape", choices=sorted(SHAPES))
    parser.add_argument("--steps", type=int, default=2000, help="steps of the deployment, wide and chain shapes")
    parser.add_argument("--out", required=True)
    parser.add_argument("--no-ninja-make", action="store_true", help="write only the plan (compile benchmark)")
    parser.add_argument("--check", action="store_true", help="verify that the written files have the same edges")
    parser.add_argument("--bosun", help="with --check: also compare `bosun graph` of the plan")
    parser.add_argument("--providers", default=str(pathlib.Path(__file__).resolve().parent.parent / "providers"),
                        help="provider profiles for bosun (default: the repository's providers/)")
    args = parser.parse_args()

    phases = SHAPES[args.shape](args.steps)
    dag = graph.compile_phases(phases)
    out = pathlib.Path(args.out)
    write(out, args.shape, phases, dag, with_ninja_make=not args.no_ninja_make)
    if args.check and not verify(out, dag, args.bosun, args.providers):
        sys.exit(1)


def write(out, name, phases, dag, with_ninja_make):
    out.mkdir(parents=True, exist_ok=True)
    (out / "plan.yaml").write_text(writers.plan_yaml(name, phases))
    (out / "kubeconfig").write_text(writers.KUBECONFIG)
    if with_ninja_make:
        (out / "build.ninja").write_text(writers.build_ninja(dag))
        (out / "Makefile").write_text(writers.makefile(dag))
        (out / "dag.txt").write_text(writers.dag_txt(dag))
    summary = {"steps": dag.step_count, "nodes": len(dag.nodes), "edges": len(dag.edges),
               "barriers": len(dag.nodes) - dag.step_count,
               "criticalPathSeconds": round(dag.critical_path_seconds(), 6)}
    (out / "dag.json").write_text(json.dumps(summary, indent=2) + "\n")


def verify(out, dag, bosun, providers):
    expected = {(dag.nodes[a].name, dag.nodes[b].name) for a, b in dag.edges}
    found = {}
    if (out / "build.ninja").exists():
        found["build.ninja"] = check.ninja_edges((out / "build.ninja").read_text())
        found["Makefile"] = check.make_edges((out / "Makefile").read_text())
        found["dag.txt (C floor)"] = check.dagrun_edges((out / "dag.txt").read_text())
    if bosun:
        found["bosun graph (plan.yaml)"] = check.bosun_edges(bosun, str(out / "plan.yaml"), providers)
    lines, problems = check.compare(expected, found)
    print(f"{out}: {dag.step_count} steps, {len(dag.nodes) - dag.step_count} barriers, {len(expected)} edges")
    for line in lines:
        print("  " + line)
    for problem in problems:
        print("  error: " + problem, file=sys.stderr)
    return not problems


if __name__ == "__main__":
    main()
