"""np.dot through Numba's BLAS wrapper (numba_xxdot): forward and reverse rules."""

import numpy as np
import pytest

import pyenzyme as pe
from tests.fd import fd_directional


def scaled_dot(a, b):
    return np.dot(a, b) * 2.0 + a[0]


@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-13), (np.float32, 1e-5)])
def test_dot_forward_and_reverse(dtype, rtol):
    r = np.random.default_rng(0)
    x, y = r.standard_normal(50).astype(dtype), r.standard_normal(50).astype(dtype)
    v, w = r.standard_normal(50).astype(dtype), r.standard_normal(50).astype(dtype)
    _, t = pe.autodiff(pe.Forward, scaled_dot, pe.Duplicated, pe.Duplicated(x, v), pe.Duplicated(y, w))
    exact = 2.0 * (np.dot(v, y) + np.dot(x, w)) + v[0]
    assert t == pytest.approx(exact, rel=rtol)
    dx, dy = np.zeros_like(x), np.zeros_like(y)
    pe.autodiff(pe.Reverse, scaled_dot, pe.Active, pe.Duplicated(x, dx), pe.Duplicated(y, dy))
    gx = 2.0 * y.astype(np.float64)
    gx[0] += 1.0
    np.testing.assert_allclose(dx, gx, rtol=rtol)
    np.testing.assert_allclose(dy, 2.0 * x, rtol=rtol)


def test_dot_against_finite_differences():
    r = np.random.default_rng(1)
    x, y, v = r.standard_normal(20), r.standard_normal(20), r.standard_normal(20)
    dx = np.zeros(20)
    pe.autodiff(pe.Reverse, scaled_dot, pe.Active, pe.Duplicated(x, dx), y)
    assert np.dot(dx, v) == pytest.approx(fd_directional(scaled_dot, [x, y], 0, v)[0], rel=1e-8)


def test_dot_of_memory_written_in_the_function_is_refused_in_reverse():
    def dot_of_temp(a, b):
        c = a * 2.0
        return np.dot(c, b)

    x = np.ones(3)
    with pytest.raises(pe.NotDifferentiableError, match="np.dot only of memory the function never writes"):
        pe.autodiff(pe.Reverse, dot_of_temp, pe.Active, pe.Duplicated(x, np.zeros(3)), x)
    # forward mode handles it
    assert pe.autodiff(pe.Forward, dot_of_temp, pe.Duplicated, pe.Duplicated(x, np.ones(3)), x) == (6.0, 6.0)


def test_reverse_dot_with_seeded_shadow():
    """The shadow of an input holds its final adjoint on entry: the derivative adds to it, nothing else."""
    x, y = np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 4.0])
    dx = np.ones(3)
    pe.autodiff(pe.Reverse, scaled_dot, pe.Active, pe.Duplicated(x, dx), pe.Const(y))
    np.testing.assert_array_equal(dx, 1.0 + 2.0 * y + np.array([1.0, 0.0, 0.0]))  # d/da of 2 a.b + a[0]
