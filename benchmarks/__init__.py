"""Benchmarks (`make bench`, :mod:`benchmarks.run_all`): the reporting set side by side with the kernel-free
bound and the naive loop, with its reruns; the kernels' start; figures as PNG or SVG; the register scale; the
fresh start. Results: benchmarks/RESULTS.md (explanation: benchmarks/RESULTS_NOTES.md)."""
