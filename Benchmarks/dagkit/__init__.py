"""Generates the benchmark DAGs and writes them as a Bosun plan, a build.ninja and a Makefile."""
