"""``pyenzyme bench``: built-in benchmark kernels, their hand-written derivatives and the runner.

* :mod:`pyenzyme.bench.kernels`: the @njit kernels, hand-written Numba derivatives, input generators;
* :mod:`pyenzyme.bench.peers`: the same kernels in JAX and PyTorch (optional);
* :mod:`pyenzyme.bench.cases`: what is verified and timed per kernel and mode, and the sizes;
* :mod:`pyenzyme.bench.runner`: verification, interleaved timing, the table, JSON and plot output;
* :mod:`pyenzyme.bench.timing`: a reusable side-by-side (A versus B) timer.

The command line is ``pyenzyme bench`` (:mod:`pyenzyme.cli`).
"""
