"""Benchmarks (`make bench`): the reporting set against the naive loop and the kernel-free
bound, the fresh start, and (engineer H6) the register scale. Results: benchmarks/RESULTS.md."""
