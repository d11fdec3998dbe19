"""Benchmarks (issue 5): each module is one command that prints its figures and a baseline
measured in the same run. Not part of the test suite; see bench/README.md."""
