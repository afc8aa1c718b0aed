"""Forward mode on real kernels, checked against central finite differences."""

import numpy as np
import pytest

import pyenzyme as pe
from tests import kernels as K
from tests.fd import fd_directional

RTOL = 1e-8


def rng(seed=0):
    return np.random.default_rng(seed)


def check_close(got, want, rtol=RTOL, atol=1e-9):
    np.testing.assert_allclose(np.ravel(np.asarray(got, dtype=float)), np.ravel(want), rtol=rtol, atol=atol)


@pytest.mark.parametrize("kernel", [K.sumsq, K.rosenbrock, K.with_temporary])
def test_array_to_scalar(kernel):
    r = rng()
    x = r.uniform(0.2, 1.2, 50)
    v = r.standard_normal(50)
    primal, tangent = pe.autodiff(pe.Forward, kernel, pe.Duplicated, pe.Duplicated(x, v.copy()))
    assert primal == pytest.approx(kernel(x), rel=1e-14)
    check_close(tangent, fd_directional(kernel, [x], 0, v))


def test_rosenbrock_exact_gradient():
    x = np.array([0.5, -1.5, 2.0, 0.25])
    grad = pe.gradient(pe.Forward, K.rosenbrock, x)
    exact = np.zeros_like(x)
    exact[:-1] += -400.0 * x[:-1] * (x[1:] - x[:-1] ** 2) - 2.0 * (1.0 - x[:-1])
    exact[1:] += 200.0 * (x[1:] - x[:-1] ** 2)
    np.testing.assert_allclose(grad, exact, rtol=1e-12)


def test_stencil_in_place():
    r = rng(1)
    u = r.uniform(-1, 1, (7, 6))
    du = r.standard_normal(u.shape)
    u1, du1 = u.copy(), du.copy()
    out = pe.autodiff(pe.Forward, K.stencil_step, pe.Const, pe.Duplicated(u1, du1), 0.1, 3)
    assert out == ()
    ref = u.copy()
    K.stencil_step(ref, 0.1, 3)
    np.testing.assert_allclose(u1, ref, rtol=1e-14)
    check_close(du1, fd_directional(lambda a, c, s: K.stencil_step(a, c, s), [u, 0.1, 3], 0, du))


@pytest.mark.parametrize("a", [0.3, 2.0, 17.5])
def test_newton_while_loop(a):
    primal, d = pe.autodiff(pe.Forward, K.newton_sqrt, pe.Duplicated, pe.Duplicated(a, 1.0))
    assert primal == pytest.approx(np.sqrt(a), rel=1e-14)
    assert d == pytest.approx(0.5 / np.sqrt(a), rel=1e-10)


def test_helpers_and_scalar_args():
    r = rng(2)
    x = r.standard_normal(20)
    v = r.standard_normal(20)
    w = 0.7
    _, dx = pe.autodiff(pe.Forward, K.with_helpers, pe.Duplicated, pe.Duplicated(x, v), w)
    check_close(dx, fd_directional(K.with_helpers, [x, w], 0, v))
    _, dw = pe.autodiff(pe.Forward, K.with_helpers, pe.Duplicated, pe.Const(x), pe.Duplicated(w, 1.0))
    check_close(dw, fd_directional(K.with_helpers, [x, w], 1, 1.0))


@pytest.mark.parametrize("x", [0.5, 1.5, 3.0])
def test_branches_and_early_returns(x):
    y = 1.3
    _, dx = pe.autodiff(pe.Forward, K.branches_early_return, pe.Duplicated, pe.Duplicated(x, 1.0), y)
    check_close(dx, fd_directional(K.branches_early_return, [x, y], 0, 1.0))
    _, dy = pe.autodiff(pe.Forward, K.branches_early_return, pe.Duplicated, x, pe.Duplicated(y, 1.0))
    check_close(dy, fd_directional(K.branches_early_return, [x, y], 1, 1.0))


def test_none_returning_writer():
    r = rng(3)
    x = r.uniform(0.1, 2, 8)
    v = r.standard_normal(8)
    y, dy = np.zeros(8), np.zeros(8)
    assert pe.autodiff(pe.Forward, K.write_outputs, pe.Const, pe.Duplicated(y, dy), pe.Duplicated(x, v.copy())) == ()
    want = fd_directional(lambda yy, xx: K.write_outputs(yy, xx), [np.zeros(8), x], 1, v)
    check_close(dy, want[:8])  # y comes first among the float arrays; x is read-only


def test_tuple_of_floats_return():
    primal, tangent = pe.autodiff(pe.Forward, K.tuple_out, pe.Duplicated, pe.Duplicated(1.5, 1.0), 0.5)
    assert primal == K.tuple_out(1.5, 0.5)
    check_close(tangent, fd_directional(K.tuple_out, [1.5, 0.5], 0, 1.0))


def test_in_place_mutation_of_duplicated():
    r = rng(4)
    x = r.standard_normal(6)
    v = r.standard_normal(6)
    x1, v1 = x.copy(), v.copy()
    primal, d = pe.autodiff(pe.Forward, K.mutate_in_place, pe.Duplicated, pe.Duplicated(x1, v1))
    x2 = x.copy()
    assert primal == pytest.approx(K.mutate_in_place(x2), rel=1e-14)
    np.testing.assert_allclose(x1, x2, rtol=1e-15)
    check_close(v1, v * (2 * x - np.sin(x)))
    check_close(d, np.sum(v * (2 * x - np.sin(x))))


@pytest.mark.parametrize("layout", ["F", "strided", "2d-view"])
def test_layouts(layout):
    r = rng(5)
    base = r.uniform(0.1, 1.0, (6, 8))
    if layout == "F":
        x = np.asfortranarray(base)
    elif layout == "strided":
        x = base[::2, 1::3]
    else:
        x = base.T[1:, ::2]
    v = r.standard_normal(x.shape)

    def total(a):
        s = 0.0
        for i in range(a.shape[0]):
            for j in range(a.shape[1]):
                s += a[i, j] ** 3 * (i + 1)
        return s

    _, d = pe.autodiff(pe.Forward, total, pe.Duplicated, pe.Duplicated(x, np.ascontiguousarray(v)))
    check_close(d, np.sum(3 * x**2 * v * (np.arange(x.shape[0])[:, None] + 1)), rtol=1e-12)


def test_float32_arrays():
    x = np.linspace(0.1, 1.0, 5).astype(np.float32)
    v = np.ones(5, dtype=np.float32)

    def f(a):
        s = np.float32(0.0)
        for i in range(a.shape[0]):
            s += a[i] * a[i]
        return s

    _, d = pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(x, v))
    assert d == pytest.approx(float(np.sum(2 * x)), rel=1e-6)


def test_recursive_callee_is_differentiated_not_inlined():
    import numba

    @numba.njit
    def power(x, n):
        if n <= 0:
            return 1.0
        return x * power(x, n - 1)

    for n in (0, 1, 4):
        primal, d = pe.autodiff(pe.Forward, power, pe.Duplicated, pe.Duplicated(1.7, 1.0), n)
        assert primal == pytest.approx(1.7**n, rel=1e-14)
        assert d == pytest.approx(n * 1.7 ** (n - 1) if n else 0.0, rel=1e-14)
