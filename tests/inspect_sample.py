"""Sample functions for `pyenzyme inspect` (tests/test_cli.py): plain, @njit, typed @njit, undifferentiable."""

import numba
import numpy as np


def scale_sum(x, a, n):
    """sum_i a x_i^2 over the first n entries (plain Python: pyenzyme jits it)."""
    s = 0.0
    for i in range(n):
        s += a * x[i] * x[i]
    return s


@numba.njit
def weighted_norm(x, w):
    s = 0.0
    for i in range(x.shape[0]):
        s += w[i] * x[i] * x[i]
    return np.sqrt(s)


@numba.njit("float64(float64[:])")
def compiled_sumsq(x):
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i] * x[i]
    return s


NOT_A_FUNCTION = 3


def complex_eig_of(a):
    """The eigenvalues of a complex matrix: Numba's LAPACK helper numba_ez_cgeev, which has no derivative."""
    return np.linalg.eigvals(a * (1.0 + 1.0j))[0].real
