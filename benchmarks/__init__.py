"""Benchmarks of osintkit (run with ``python -m benchmarks`` or ``make bench``)."""
