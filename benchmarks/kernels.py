"""The benchmark kernels and their hand-written Numba adjoints now live in ``pyenzyme.bench.kernels``.

This module re-exports them so that ``benchmarks.bench_forward`` and
the benchmark scripts keep working; there is one
implementation, used by ``pyenzyme bench`` too.
"""

from pyenzyme.bench.kernels import *  # noqa: F403
from pyenzyme.bench.kernels import __all__  # noqa: F401
