"""Reverse mode on real kernels: finite differences and the dot-product test against forward mode.

<J v, w> = <v, J^T w>: forward mode gives J v, reverse mode gives J^T w.
"""

import numpy as np
import pytest

import pyenzyme as pe
from tests import kernels as K
from tests import kernels_adbench as A
from tests.fd import fd_directional

RTOL = 1e-8


def rng(seed=0):
    return np.random.default_rng(seed)


def grad_reverse(f, args, i):
    """Gradient of scalar f with respect to array argument i (others Const)."""
    dx = np.zeros_like(args[i])
    ann = [pe.Duplicated(a, dx) if j == i else pe.Const(a) for j, a in enumerate(args)]
    pe.autodiff(pe.Reverse, f, pe.Active, *ann)
    return dx


def tangent_forward(f, args, i, v):
    ann = [pe.Duplicated(a, v.copy()) if j == i else pe.Const(a) for j, a in enumerate(args)]
    return pe.autodiff(pe.Forward, f, pe.DuplicatedNoNeed, *ann)[0]


def dot_test(f, args, i, seed=1, h=1e-6):
    r = rng(seed)
    v = r.standard_normal(np.shape(args[i]))
    g = grad_reverse(f, args, i)
    jv = tangent_forward(f, args, i, v)
    assert np.vdot(g, v) == pytest.approx(jv, rel=1e-10, abs=1e-12)
    assert np.vdot(g, v) == pytest.approx(fd_directional(f, list(args), i, v, h)[0], rel=RTOL, abs=1e-8)


@pytest.mark.parametrize("kernel", [K.sumsq, K.rosenbrock, K.with_temporary])
def test_scalar_kernels(kernel):
    x = rng().uniform(0.2, 1.2, 40)
    dot_test(kernel, (x,), 0)


def test_rosenbrock_exact():
    x = np.array([0.5, -1.5, 2.0, 0.25])
    exact = np.zeros_like(x)
    exact[:-1] += -400.0 * x[:-1] * (x[1:] - x[:-1] ** 2) - 2.0 * (1.0 - x[:-1])
    exact[1:] += 200.0 * (x[1:] - x[:-1] ** 2)
    np.testing.assert_allclose(pe.gradient(pe.Reverse, K.rosenbrock, x), exact, rtol=1e-12)


def test_return_conventions_and_ints():
    assert pe.autodiff(pe.Reverse, lambda a, b: a * b, pe.Active, pe.Active(2.0), pe.Const(3.0)) == ((3.0, None),)
    assert pe.autodiff(pe.ReverseWithPrimal, lambda a, b: a * b, pe.Active, pe.Active(2.0), 3.0) == ((3.0, None), 6.0)
    ((d,),) = pe.autodiff(pe.Reverse, lambda a: a * a, pe.Active, pe.Active(9))
    assert d == 18.0 and type(d) is float
    # guessed return activity
    assert pe.autodiff(pe.Reverse, lambda a: a * a, pe.Active(3.0)) == ((6.0,),)


def test_complex_and_tuple_active():
    # real-valued function of z = x + iy: derivative dL/dx + i dL/dy
    assert pe.autodiff(pe.Reverse, lambda z: (z * z).real, pe.Active, pe.Active(1 + 2j)) == ((2 - 4j,),)
    assert pe.autodiff(pe.Reverse, lambda t: t[0] * t[1], pe.Active, pe.Active((2.0, 5.0))) == (((5.0, 2.0),),)


@pytest.mark.parametrize("a", [0.3, 2.0, 17.5])
def test_newton_while_loop(a):
    ((d,),) = pe.autodiff(pe.Reverse, K.newton_sqrt, pe.Active, pe.Active(a))
    assert d == pytest.approx(0.5 / np.sqrt(a), rel=1e-10)


@pytest.mark.parametrize("x", [0.5, 1.5, 3.0])
def test_early_return(x):
    ((dx, dy),) = pe.autodiff(pe.Reverse, K.branches_early_return, pe.Active, pe.Active(x), pe.Active(1.3))
    assert dx == pytest.approx(fd_directional(K.branches_early_return, [x, 1.3], 0, 1.0)[0], rel=RTOL)
    assert dy == pytest.approx(fd_directional(K.branches_early_return, [x, 1.3], 1, 1.0)[0], rel=RTOL)


def test_helpers_array_and_scalar():
    x = rng(2).standard_normal(20)
    dx = np.zeros(20)
    ((_, dw),) = pe.autodiff(pe.Reverse, K.with_helpers, pe.Active, pe.Duplicated(x, dx), pe.Active(0.7))
    assert dw == pytest.approx(fd_directional(K.with_helpers, [x, 0.7], 1, 1.0)[0], rel=RTOL)
    dot_test(K.with_helpers, (x, 0.7), 0)


def test_shadow_is_added_into():
    x = np.array([1.0, 2.0])
    dx = np.array([10.0, 20.0])
    pe.autodiff(pe.Reverse, K.sumsq, pe.Active, pe.Duplicated(x, dx))
    np.testing.assert_array_equal(dx, [12.0, 24.0])


def test_in_place_time_stepping_stencil():
    """u is overwritten in a time loop: reverse needs every overwritten value."""
    r = rng(3)
    u0 = r.uniform(-1, 1, (7, 6))
    v = r.standard_normal(u0.shape)
    w = r.standard_normal(u0.shape)
    u, du = u0.copy(), v.copy()
    pe.autodiff(pe.Forward, K.stencil_step, pe.Const, pe.Duplicated(u, du), 0.1, 4)
    jv = du
    u, bu = u0.copy(), w.copy()
    pe.autodiff(pe.Reverse, K.stencil_step, pe.Const, pe.Duplicated(u, bu), 0.1, 4)
    ref = u0.copy()
    K.stencil_step(ref, 0.1, 4)
    np.testing.assert_allclose(u, ref, rtol=1e-14)  # the primal result is kept
    assert np.vdot(w, jv) == pytest.approx(np.vdot(bu, v), rel=1e-10)


def test_writer_returning_none():
    r = rng(4)
    x = r.uniform(0.1, 2, 8)
    w = r.standard_normal(8)
    y, dy, dx = np.zeros(8), w.copy(), np.zeros(8)
    assert pe.autodiff(pe.Reverse, K.write_outputs, pe.Const, pe.Duplicated(y, dy), pe.Duplicated(x, dx)) == (
        (None, None),
    )
    np.testing.assert_array_equal(dy, 0.0)  # the output's shadow is consumed
    jx = np.cos(x) * x + np.sin(x) + x / np.sqrt(x * x + 1)
    np.testing.assert_allclose(dx, w * jx, rtol=1e-12)


def test_mutation_overwrites_values():
    x = rng(5).standard_normal(6)
    dx = np.zeros(6)
    x1 = x.copy()
    pe.autodiff(pe.Reverse, K.mutate_in_place, pe.Active, pe.Duplicated(x1, dx))
    np.testing.assert_allclose(dx, 2 * x - np.sin(x), rtol=1e-12)


def test_two_d_and_noncontiguous_views():
    def total(a):
        s = 0.0
        for i in range(a.shape[0]):
            for j in range(a.shape[1]):
                s += a[i, j] ** 3 * (i + 1)
        return s

    base = rng(6).uniform(0.1, 1.0, (6, 8))
    for x in (base, base[::2, 1::3], np.asfortranarray(base), base.T[1:, ::2]):
        g = pe.gradient(pe.Reverse, total, x)
        np.testing.assert_allclose(g, 3 * x**2 * (np.arange(x.shape[0])[:, None] + 1), rtol=1e-12)


def test_gradient_inplace_and_jacobian():
    x = np.array([0.5, -1.5, 2.0])
    dx = np.full(3, 99.0)
    out = pe.gradient_(pe.Reverse, dx, K.sumsq, x)
    assert out is dx
    np.testing.assert_array_equal(dx, 2 * x)

    def vec(x):
        y = np.empty(2)
        y[0] = x[0] * x[1]
        y[1] = np.exp(x[2]) - x[0]
        return y

    np.testing.assert_allclose(pe.jacobian(pe.Reverse, vec, x, num_outs=2), pe.jacobian(pe.Forward, vec, x), rtol=1e-14)
    np.testing.assert_allclose(pe.jacobian(pe.Reverse, vec, x), pe.jacobian(pe.Forward, vec, x), rtol=1e-14)


@pytest.mark.parametrize("d, k, n", [(2, 3, 20), (10, 25, 1000)])
def test_gmm(d, k, n):
    args = A.gmm_inputs(d, k, n)
    for i in range(3):  # alphas, means, icf
        # the objective sums n*K terms: a larger step keeps rounding below the 4th-order truncation error
        dot_test(A.gmm_objective, args, i, seed=i, h=1e-6 if n < 100 else 1e-4)


def test_lstm():
    args = A.lstm_inputs(2, 4, 5)
    for i in range(2):
        dot_test(A.lstm_objective, args, i, seed=i)


# ---------------------------------------------------------------- errors
def test_errors_name_the_argument():
    x = np.ones(3)
    with pytest.raises(pe.ActivityError, match="argument 1: pe.Active is for scalars"):
        pe.autodiff(pe.Reverse, K.sumsq, pe.Active, pe.Active(x))
    with pytest.raises(ValueError, match="argument 1 shadow: shape"):
        pe.autodiff(pe.Reverse, K.sumsq, pe.Active, pe.Duplicated(x, np.ones(4)))
    with pytest.raises(TypeError, match="argument 1 shadow: dtype"):
        pe.autodiff(pe.Reverse, K.sumsq, pe.Active, pe.Duplicated(x, np.ones(3, dtype=np.float32)))

    def double(a):
        return a * 2.0

    with pytest.raises(pe.ActivityError, match="return: pe.Active needs a scalar return"):
        pe.autodiff(pe.Reverse, double, pe.Active, pe.Duplicated(x, np.zeros(3)))
    with pytest.raises(pe.ActivityError, match="argument 1: pe.Active tuple"):
        pe.autodiff(pe.Reverse, lambda t: t[0] + t[1], pe.Active, pe.Active((1, 2)))
