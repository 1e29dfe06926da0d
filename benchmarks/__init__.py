"""Benchmarks: each module runs with ``python -m benchmarks.NAME`` and writes its
figures to ``benchmarks/results/NAME.json``; ``python -m benchmarks.run_all`` runs them all."""
