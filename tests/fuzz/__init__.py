"""pyenzyme's random-kernel fuzzer: seeded Numba kernels checked in forward, reverse and split mode.

`generate` writes a kernel and its inputs from a seed, `check` differentiates it and judges the
results, `worker` runs checks in a subprocess, `runner` drives the workers and `reproduce` writes a
standalone script per finding. Run it with `python -m tests.fuzz --n 1000` from the repository root.
"""
