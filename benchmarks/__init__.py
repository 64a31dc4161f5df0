"""Benchmarks: run with `make bench`; results are recorded in docs/benchmarks.md."""
