"""Reverse mode through calls that stay calls: recursive functions.

A recursive callee is never inlined; in reverse mode each call of it runs
the forward phase of its split derivative (which keeps the callee's tape in a
state block) and, in the reverse sweep, the reverse phase on that state. The
checks: closed forms (the determinant's gradient is the adjugate transpose,
det(A) inv(A)^T), forward mode, split and batch modes, and foreign IR.
"""

from __future__ import annotations

import ctypes

import numba
import numpy as np
import pytest

import pyenzyme as pe
from llvm_passes import driver
from tests.test_foreign_ir import RECURSIVE_POWER, jit


@numba.njit
def det_by_minors(A):
    n = A.shape[0]
    if n == 1:
        return A[0, 0]
    s = 0.0
    sign = 1.0
    for j in range(n):
        M = np.empty((n - 1, n - 1))  # the minor without row 0 and column j
        for r in range(1, n):
            k = 0
            for c in range(n):
                if c != j:
                    M[r - 1, k] = A[r, c]
                    k += 1
        s += sign * A[0, j] * det_by_minors(M)
        sign = -sign
    return s


@pytest.mark.parametrize("n", [1, 2, 4, 5])
def test_determinant_by_minors_gradient_is_the_adjugate_transpose(n):
    A = np.random.default_rng(n).standard_normal((n, n)) + 2.0 * np.eye(n)
    dA = np.zeros((n, n))
    assert pe.autodiff(pe.Reverse, det_by_minors, pe.Active, pe.Duplicated(A, dA)) == ((None,),)
    want = np.linalg.det(A) * np.linalg.inv(A).T
    np.testing.assert_allclose(dA, want, rtol=1e-11, atol=1e-12 * np.abs(want).max())
    # forward mode along a random direction agrees (<grad, V> = tangent)
    V = np.random.default_rng(10 + n).standard_normal((n, n))
    _, tangent = pe.autodiff(pe.Forward, det_by_minors, pe.Duplicated(A, V))
    assert tangent == pytest.approx(np.sum(dA * V), rel=1e-11, abs=1e-12)


@numba.njit
def poly(a, n):
    return 1.0 if n == 0 else a * poly(a, n - 1) + 1.0


def poly_derivative(a, n):
    return sum(k * a ** (k - 1) for k in range(1, n + 1))


@numba.njit
def uses_poly(a, x):
    s = 0.0
    for i in range(x.shape[0]):
        s += poly(a * x[i], 3) * x[i]
    return s


@pytest.mark.parametrize("n", [0, 1, 2, 6])
def test_recursive_polynomial_with_an_int_argument(n):
    a = 0.7
    ((da, _),) = pe.autodiff(pe.Reverse, poly, pe.Active, pe.Active(a), pe.Const(n))
    assert da == pytest.approx(poly_derivative(a, n), rel=1e-14, abs=1e-15)
    (da, _), value = pe.autodiff(pe.ReverseWithPrimal, poly, pe.Active, pe.Active(a), pe.Const(n))
    assert value == poly(a, n) and da == pytest.approx(poly_derivative(a, n), rel=1e-14, abs=1e-15)
    fwd, rev = pe.autodiff_thunk(
        pe.ReverseSplitWithPrimal,
        pe.Const[numba.typeof(poly)],
        pe.Active,
        pe.Active[numba.float64],
        pe.Const[numba.int64],
    )
    tape, primal, _ = fwd(pe.Const(poly), pe.Active(a), pe.Const(n))
    assert primal == poly(a, n)
    ((da, _),) = rev(pe.Const(poly), pe.Active(a), pe.Const(n), 1.0, tape)
    assert da == pytest.approx(poly_derivative(a, n), rel=1e-14, abs=1e-15)


def test_recursive_calls_in_a_loop_with_arrays_and_batch_lanes():
    a, x = 0.4, np.array([0.5, -1.0, 2.0])
    dx = np.zeros(3)
    ((da, _),) = pe.autodiff(pe.Reverse, uses_poly, pe.Active, pe.Active(a), pe.Duplicated(x, dx))
    want_da = sum(poly_derivative(a * xi, 3) * xi * xi for xi in x)
    want_dx = np.array([poly_derivative(a * xi, 3) * a * xi + poly(a * xi, 3) for xi in x])
    assert da == pytest.approx(want_da, rel=1e-13)
    np.testing.assert_allclose(dx, want_dx, rtol=1e-13)
    grads = (np.zeros(3), np.ones(3))
    pe.autodiff(pe.Reverse, uses_poly, pe.Active, pe.Const(a), pe.BatchDuplicated(x, grads))
    np.testing.assert_allclose(grads[0], want_dx, rtol=1e-13)
    np.testing.assert_allclose(grads[1], 1.0 + want_dx, rtol=1e-13)


@pytest.mark.parametrize("n", [0, 1, 5])
def test_foreign_ir_recursion_in_reverse_mode(n):
    text = driver.differentiate(RECURSIVE_POWER, "power", "reverse", "active,const")
    engine = jit(text)
    D, L, P = ctypes.c_double, ctypes.c_long, ctypes.c_void_p
    rev = ctypes.CFUNCTYPE(D, D, ctypes.POINTER(D), L, D, P)(engine.get_function_address("rev.power"))
    dx = D(0.0)
    value = rev(1.3, ctypes.byref(dx), n, 1.0, None)
    assert value == pytest.approx(1.3**n, rel=1e-15)
    assert dx.value == pytest.approx(n * 1.3 ** (n - 1) if n else 0.0, rel=1e-14, abs=0.0)
